package com.tradeplan.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Prometheus, Alertmanager and Grafana as docker-compose.yml provisions them: every file and name
 * one refers to exists in another, every alert has a severity, a summary and a runbook section that
 * docs/operations.md has, and, where promtool and amtool are on the machine, their own checks and
 * the rules' unit tests pass. (That the metric names are registered by the server's code: {@link
 * MetricNamesInCodeTest}.)
 */
class MonitoringConfigTest {
  private static final Path DOCKER = Repository.docker();
  private static final ComposeFile COMPOSE =
      ComposeFile.load(ComposeFile.envFile(DOCKER.resolve("env.example")));

  @SuppressWarnings("unchecked")
  @Test
  void prometheusScrapesEveryMemberWithTheTokenAndLoadsTheRules() {
    Map<String, Object> config = MonitoringFiles.yaml(DOCKER.resolve("prometheus/prometheus.yml"));
    Map<String, String> mounts = mounts("prometheus");
    for (Object ruleFile : (List<Object>) config.get("rule_files")) {
      assertThat(hostPath(mounts, String.valueOf(ruleFile)))
          .as("rule file %s", ruleFile)
          .isRegularFile();
    }
    Map<String, Object> job =
        ((List<Map<String, Object>>) config.get("scrape_configs"))
            .stream().filter(j -> "tradeplan".equals(j.get("job_name"))).findFirst().orElseThrow();
    assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
    String credentials =
        String.valueOf(((Map<String, Object>) job.get("authorization")).get("credentials_file"));
    assertThat(credentials).isEqualTo("/run/secrets/metrics_token");
    assertThat(COMPOSE.list("prometheus", "secrets")).contains("metrics_token");
    List<Object> targets =
        (List<Object>)
            ((List<Map<String, Object>>) job.get("static_configs")).get(0).get("targets");
    assertThat(targets)
        .as("one target per member, on its HTTP port")
        .containsExactlyElementsOf(
            ComposeFileTest.members().stream().map(m -> m + ":8080").toList());
    for (String member : ComposeFileTest.members()) {
      assertThat(sharedNetwork("prometheus", member)).as("prometheus reaches %s", member).isTrue();
    }
    assertThat(sharedNetwork("prometheus", "alertmanager")).isTrue();
    assertThat(Repository.read(DOCKER.resolve("prometheus/prometheus.yml")))
        .contains("alertmanager:9093");
  }

  @SuppressWarnings("unchecked")
  @Test
  void grafanaLoadsTheDashboardsFromItsProvisionedPrometheus() {
    Map<String, String> mounts = mounts("grafana");
    Path provisioning = hostPath(mounts, "/etc/grafana/provisioning");
    Map<String, Object> ds =
        ((List<Map<String, Object>>)
                MonitoringFiles.yaml(provisioning.resolve("datasources/prometheus.yml"))
                    .get("datasources"))
            .get(0);
    assertThat(ds.get("url")).isEqualTo("http://prometheus:9090");
    assertThat(sharedNetwork("grafana", "prometheus")).isTrue();
    String uid = String.valueOf(ds.get("uid"));
    Map<String, Object> provider =
        ((List<Map<String, Object>>)
                MonitoringFiles.yaml(provisioning.resolve("dashboards/tradeplan.yml"))
                    .get("providers"))
            .get(0);
    String path = String.valueOf(((Map<String, Object>) provider.get("options")).get("path"));
    assertThat(hostPath(mounts, path)).isEqualTo(MonitoringFiles.dashboards());
    Set<String> uids = new HashSet<>();
    for (Path file : MonitoringFiles.dashboardFiles()) {
      JsonNode d = MonitoringFiles.dashboard(file);
      assertThat(uids.add(d.path("uid").asText())).as("%s's uid is its own", file).isTrue();
      assertThat(d.path("title").asText()).isNotBlank();
      for (JsonNode p : d.path("panels")) {
        JsonNode grid = p.path("gridPos");
        assertThat(grid.path("x").asInt() + grid.path("w").asInt())
            .as("%s fits 24 columns", p.path("title"))
            .isLessThanOrEqualTo(24);
        if (p.path("type").asText().equals("row")) {
          continue;
        }
        assertThat(p.path("description").asText())
            .as("%s says what it shows", p.path("title"))
            .isNotBlank();
        assertThat(p.path("datasource").path("uid").asText())
            .as("%s's data source", p.path("title"))
            .isEqualTo(uid);
        assertThat(p.path("targets")).as("%s has a query", p.path("title")).isNotEmpty();
      }
    }
    assertThat(MonitoringFiles.dashboardFiles()).hasSize(2);
  }

  @Test
  void everyAlertPagesOrTicketsAndNamesARunbookSectionThatExists() {
    Set<String> anchors = anchors(Repository.root().resolve("docs/operations.md"));
    List<MonitoringFiles.AlertRule> rules = MonitoringFiles.alertRules();
    assertThat(rules)
        .extracting(MonitoringFiles.AlertRule::name)
        .contains(
            "TradeplanBrokerLinkDown",
            "TradeplanMarketDataStale",
            "TradeplanStoreUnreachable",
            "TradeplanMemberLost",
            "TradeplanKillSwitchEngaged",
            "TradeplanUnknownBrokerOrder",
            "TradeplanPositionMismatch")
        .doesNotHaveDuplicates();
    for (MonitoringFiles.AlertRule r : rules) {
      assertThat(String.valueOf(r.labels().get("severity"))).as(r.name()).isIn("page", "ticket");
      assertThat(r.annotations()).as(r.name()).containsKeys("summary", "description", "runbook");
      String runbook = String.valueOf(r.annotations().get("runbook"));
      assertThat(runbook).as(r.name()).startsWith("docs/operations.md#");
      assertThat(anchors)
          .as("%s's runbook %s", r.name(), runbook)
          .contains(runbook.substring(runbook.indexOf('#') + 1));
    }
  }

  @SuppressWarnings("unchecked")
  @Test
  void alertmanagerRoutesNamesThatExist() {
    Map<String, Object> am = MonitoringFiles.yaml(DOCKER.resolve("alertmanager/alertmanager.yml"));
    Set<String> alerts = new HashSet<>();
    MonitoringFiles.alertRules().forEach(r -> alerts.add(r.name()));
    Set<String> receivers = new HashSet<>();
    ((List<Map<String, Object>>) am.get("receivers"))
        .forEach(r -> receivers.add(String.valueOf(r.get("name"))));
    Set<String> intervals = new HashSet<>();
    ((List<Map<String, Object>>) am.get("time_intervals"))
        .forEach(t -> intervals.add(String.valueOf(t.get("name"))));
    Map<String, Object> route = (Map<String, Object>) am.get("route");
    assertThat(receivers).contains(String.valueOf(route.get("receiver")));
    Pattern name = Pattern.compile("alertname\\s*=~?\\s*\"([A-Za-z]+)\"");
    for (Map<String, Object> r : (List<Map<String, Object>>) route.get("routes")) {
      assertThat(receivers).contains(String.valueOf(r.get("receiver")));
      for (String key : List.of("mute_time_intervals", "active_time_intervals")) {
        for (Object i : (List<Object>) r.getOrDefault(key, List.of())) {
          assertThat(intervals).as("time interval %s", i).contains(String.valueOf(i));
        }
      }
      for (Object m : (List<Object>) r.get("matchers")) {
        Matcher found = name.matcher(String.valueOf(m));
        assertThat(found.find()).as("matcher %s names an alert", m).isTrue();
        assertThat(alerts).as("route for %s", found.group(1)).contains(found.group(1));
      }
    }
    assertThat(sharedNetwork("prometheus", "alertmanager")).isTrue();
  }

  @Test
  void promtoolChecksTheConfigTheRulesAndTheDashboardsQueries(@TempDir Path dir)
      throws IOException {
    Optional<Path> promtool = Promtool.promtool();
    assumeTrue(promtool.isPresent(), Promtool.missing("promtool", "prometheus"));
    Path rules = Files.createDirectories(dir.resolve("rules"));
    Files.copy(MonitoringFiles.rulesFile(), rules.resolve("tradeplan.rules.yml"));
    Files.writeString(dir.resolve("metrics_token"), "a-token-for-promtool-only-0123456789abcdef\n");
    Files.writeString(
        dir.resolve("prometheus.yml"),
        Repository.read(DOCKER.resolve("prometheus/prometheus.yml"))
            .replace("/etc/prometheus/rules/", rules + "/")
            .replace("/run/secrets/metrics_token", dir.resolve("metrics_token").toString()));
    expectSuccess(Promtool.run(promtool.get(), List.of("check", "config", "prometheus.yml"), dir));
    expectSuccess(
        Promtool.run(
            promtool.get(),
            List.of("test", "rules", "tests/tradeplan.rules.test.yml"),
            DOCKER.resolve("prometheus")));
    // each dashboard query as a recording rule: promtool parses it as PromQL
    List<Map<String, String>> recorded = new ArrayList<>();
    for (MonitoringFiles.Expression e : MonitoringFiles.dashboardExpressions()) {
      Map<String, String> rule = new LinkedHashMap<>();
      rule.put("record", "dashboard:query:" + recorded.size());
      rule.put("expr", e.expr().replace("$instance", ".*"));
      recorded.add(rule);
    }
    DumperOptions o = new DumperOptions();
    o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    Files.writeString(
        dir.resolve("dashboards.rules.yml"),
        new Yaml(o)
            .dump(Map.of("groups", List.of(Map.of("name", "dashboards", "rules", recorded)))));
    expectSuccess(
        Promtool.run(promtool.get(), List.of("check", "rules", "dashboards.rules.yml"), dir));
  }

  @Test
  void amtoolChecksTheAlertmanagerConfig() {
    Optional<Path> amtool = Promtool.amtool();
    assumeTrue(amtool.isPresent(), Promtool.missing("amtool", "prometheus-alertmanager"));
    expectSuccess(
        Promtool.run(
            amtool.get(), List.of("check-config", "alertmanager/alertmanager.yml"), DOCKER));
  }

  private static void expectSuccess(Shell.Result r) {
    assertThat(r.exit()).as("%s%n%s", r.stdout(), r.stderr()).isZero();
  }

  /** A service's bind mounts: the path in the container to the path on the host. */
  private static Map<String, String> mounts(String service) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String v : COMPOSE.list(service, "volumes")) {
      String[] parts = v.split(":");
      if (parts[0].startsWith(".")) {
        out.put(parts[1], parts[0]);
      }
    }
    return out;
  }

  /** The host file behind a path in the container, through the service's bind mounts. */
  private static Path hostPath(Map<String, String> mounts, String inContainer) {
    for (Map.Entry<String, String> m : mounts.entrySet()) {
      if (inContainer.equals(m.getKey()) || inContainer.startsWith(m.getKey() + "/")) {
        return DOCKER
            .resolve(m.getValue())
            .resolve(inContainer.substring(m.getKey().length()).replaceFirst("^/", ""))
            .normalize();
      }
    }
    throw new AssertionError(inContainer + " is not in a mounted folder: " + mounts);
  }

  private static boolean sharedNetwork(String a, String b) {
    Set<String> na = new HashSet<>(COMPOSE.list(a, "networks"));
    na.retainAll(COMPOSE.list(b, "networks"));
    return !na.isEmpty();
  }

  /** The anchors GitHub gives the headings of a Markdown file. */
  static Set<String> anchors(Path markdown) {
    Set<String> out = new HashSet<>();
    for (String line : Repository.read(markdown).split("\n")) {
      if (line.startsWith("#")) {
        String heading = line.replaceFirst("^#+\\s*", "").strip().toLowerCase(Locale.ROOT);
        out.add(heading.replaceAll("[^a-z0-9 \\-]", "").replace(' ', '-'));
      }
    }
    return out;
  }
}
