package com.tradeplan.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The monitoring files of docker/: the Grafana dashboards and the Prometheus alert rules, read into
 * the PromQL expressions they evaluate, each with where it comes from (for failure messages).
 */
final class MonitoringFiles {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*),\\s*\\w+\\)");

  private MonitoringFiles() {}

  /** One PromQL expression and where it is. */
  record Expression(String where, String expr) {}

  /** One alerting rule as Prometheus reads it. */
  record AlertRule(
      String name, String expr, Map<String, Object> labels, Map<String, Object> annotations) {}

  static Path dashboards() {
    return Repository.docker().resolve("grafana/dashboards");
  }

  static Path rulesFile() {
    return Repository.docker().resolve("prometheus/rules/tradeplan.rules.yml");
  }

  static List<Path> dashboardFiles() {
    try (Stream<Path> files = Files.list(dashboards())) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode dashboard(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new AssertionError(file + " is not JSON: " + e.getMessage(), e);
    }
  }

  /** Every query of every panel and template variable of every dashboard. */
  static List<Expression> dashboardExpressions() {
    List<Expression> out = new ArrayList<>();
    for (Path file : dashboardFiles()) {
      JsonNode d = dashboard(file);
      for (JsonNode v : d.path("templating").path("list")) {
        String q =
            v.path("query").isObject()
                ? v.path("query").path("query").asText()
                : v.path("query").asText();
        Matcher m = LABEL_VALUES.matcher(q);
        out.add(
            new Expression(
                file.getFileName() + " variable " + v.path("name").asText(),
                m.matches() ? m.group(1) : q));
      }
      for (JsonNode p : d.path("panels")) {
        for (JsonNode t : p.path("targets")) {
          out.add(
              new Expression(
                  file.getFileName() + " panel \"" + p.path("title").asText() + "\"",
                  t.path("expr").asText()));
        }
      }
    }
    assertThat(out).as("queries in the dashboards").hasSizeGreaterThan(20);
    return out;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> yaml(Path file) {
    return (Map<String, Object>)
        new Yaml(new SafeConstructor(new LoaderOptions())).load(Repository.read(file));
  }

  /** Every alerting rule of the rules file. */
  @SuppressWarnings("unchecked")
  static List<AlertRule> alertRules() {
    List<AlertRule> out = new ArrayList<>();
    for (Object g : (List<Object>) yaml(rulesFile()).get("groups")) {
      for (Object r : (List<Object>) ((Map<String, Object>) g).get("rules")) {
        Map<String, Object> rule = (Map<String, Object>) r;
        out.add(
            new AlertRule(
                String.valueOf(rule.get("alert")),
                String.valueOf(rule.get("expr")),
                (Map<String, Object>) rule.getOrDefault("labels", Map.of()),
                (Map<String, Object>) rule.getOrDefault("annotations", Map.of())));
      }
    }
    return out;
  }

  static List<Expression> ruleExpressions() {
    return alertRules().stream().map(r -> new Expression("alert " + r.name(), r.expr())).toList();
  }
}
