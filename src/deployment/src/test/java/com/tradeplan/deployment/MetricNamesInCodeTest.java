package com.tradeplan.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code tradeplan_*} metric the alert rules and the Grafana dashboards name is registered by
 * the server's code: a Micrometer meter name ({@code "tradeplan.engine.ticks.coalesced"}) as
 * Prometheus spells it, with the suffixes Micrometer adds ({@code _total} for counters, {@code
 * _seconds} for timers and gauges in seconds, then {@code _bucket}/{@code _count}/{@code _sum}). A
 * renamed or removed metric (ticks dropped became ticks coalesced) fails here instead of leaving a
 * dashboard empty or an alert that can never fire. Read from the sources, not a scrape: no server
 * is started.
 */
class MetricNamesInCodeTest {
  private static final Pattern METER_NAME = Pattern.compile("\"(tradeplan(?:\\.[a-z0-9]+)+)\"");
  private static final Pattern HISTOGRAM_PART = Pattern.compile("_(bucket|count|sum)$");

  @Test
  void everyPlatformMetricTheRulesAndDashboardsNameIsRegisteredByTheServer() {
    Set<String> registered = registeredNames();
    assertThat(registered).contains("tradeplan_engine_ticks_coalesced", "tradeplan_broker_state");
    List<String> unknown = new ArrayList<>();
    List<MonitoringFiles.Expression> expressions = new ArrayList<>();
    expressions.addAll(MonitoringFiles.ruleExpressions());
    expressions.addAll(MonitoringFiles.dashboardExpressions());
    for (MonitoringFiles.Expression e : expressions) {
      for (String metric : PromQlNames.metrics(e.expr())) {
        if (metric.startsWith("tradeplan_")
            && !ExpectedMetrics.PENDING.containsKey(metric)
            && !exported(metric, registered)) {
          unknown.add(e.where() + ": " + metric);
        }
      }
    }
    assertThat(unknown).as("metrics no meter of the server registers").isEmpty();
  }

  @Test
  void aMetricStillToComeIsNotRegisteredYet() {
    Set<String> registered = registeredNames();
    for (String pending : ExpectedMetrics.PENDING.keySet()) {
      assertThat(exported(pending, registered))
          .as("%s is registered now: take it off ExpectedMetrics and docs/operations.md", pending)
          .isFalse();
    }
  }

  @Test
  void aPositionMismatchPagesOnTheGaugeTheServerRegistersAndTheMachineryDashboardShowsIt() {
    MonitoringFiles.AlertRule rule =
        MonitoringFiles.alertRules().stream()
            .filter(r -> r.name().equals("TradeplanPositionMismatch"))
            .findFirst()
            .orElseThrow();
    assertThat(PromQlNames.metrics(rule.expr())).containsExactly("tradeplan_position_mismatches");
    assertThat(rule.expr()).contains("> 0");
    assertThat(rule.labels()).containsEntry("severity", "page");
    assertThat(registeredNames()).contains("tradeplan_position_mismatches");
    assertThat(MonitoringFiles.dashboardExpressions())
        .anyMatch(
            e ->
                e.where().contains("machinery")
                    && PromQlNames.metrics(e.expr()).contains("tradeplan_position_mismatches"));
  }

  private static boolean exported(String metric, Set<String> registered) {
    String base = HISTOGRAM_PART.matcher(metric).replaceFirst("");
    return registered.contains(base)
        || (base.endsWith("_total") && registered.contains(base.substring(0, base.length() - 6)))
        || (base.endsWith("_seconds") && registered.contains(base.substring(0, base.length() - 8)));
  }

  /** The meter names in the server's main sources, as Prometheus names them (dots to _). */
  private static Set<String> registeredNames() {
    Path sources = Repository.root().resolve("src/server/src/main/java");
    Set<String> out = new HashSet<>();
    try (Stream<Path> files = Files.walk(sources)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher m = METER_NAME.matcher(Repository.read(f));
        while (m.find()) {
          out.add(m.group(1).replace('.', '_'));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
