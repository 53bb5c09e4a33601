package com.tradeplan.deployment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * docker/docker-compose.yml as docker compose would see it: YAML with its anchors and merge keys
 * resolved (SnakeYAML), then every {@code ${VAR}} interpolated the way compose does ({@code
 * ${VAR}}, {@code ${VAR:-default}}, {@code ${VAR-default}}, {@code $$} for a dollar) from a given
 * set of variables (the operator's .env). A {@code ${VAR:?message}} or an unset variable without a
 * default is an error here, where compose would only warn and use an empty string.
 */
final class ComposeFile {
  /** {@code ${NAME}}, {@code ${NAME:-default}}, {@code ${NAME-default}}, {@code ${NAME:?err}}. */
  static final Pattern REFERENCE =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}");

  private final Map<String, Object> doc;

  private ComposeFile(Map<String, Object> doc) {
    this.doc = doc;
  }

  static Path path() {
    return Repository.docker().resolve("docker-compose.yml");
  }

  static String text() {
    return Repository.read(path());
  }

  /** A variable used by the compose file, and its default when it has one (null otherwise). */
  record Reference(String name, String fallback) {}

  /** Every variable the compose file uses, with its default (in the order of the file). */
  static List<Reference> references() {
    List<Reference> out = new ArrayList<>();
    Matcher m = REFERENCE.matcher(text().replace("$$", ""));
    while (m.find()) {
      out.add(
          new Reference(
              m.group(1), m.group(2) == null || m.group(2).endsWith("?") ? null : m.group(3)));
    }
    return out;
  }

  /** The file parsed and interpolated with {@code variables}. */
  @SuppressWarnings("unchecked")
  static ComposeFile load(Map<String, String> variables) {
    Object parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(text());
    return new ComposeFile((Map<String, Object>) interpolate(parsed, variables));
  }

  /** The variables of an env file ({@code NAME=value} lines; blanks and # comments skipped). */
  static Map<String, String> envFile(Path file) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : Repository.read(file).split("\n")) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      int eq = l.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(file + ": not NAME=value: " + l);
      }
      out.put(l.substring(0, eq).strip(), l.substring(eq + 1).strip());
    }
    return out;
  }

  Map<String, Object> root() {
    return doc;
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> section(String name) {
    Object s = doc.get(name);
    return s == null ? Map.of() : (Map<String, Object>) s;
  }

  Set<String> services() {
    return new LinkedHashSet<>(section("services").keySet());
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> service(String name) {
    Object s = section("services").get(name);
    if (s == null) {
      throw new IllegalArgumentException("no service " + name);
    }
    return (Map<String, Object>) s;
  }

  /** A service's environment, from either the map or the list form. */
  Map<String, String> environment(String service) {
    Object env = service(service).get("environment");
    Map<String, String> out = new LinkedHashMap<>();
    if (env instanceof Map<?, ?> m) {
      m.forEach((k, v) -> out.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
    } else if (env instanceof List<?> l) {
      for (Object o : l) {
        String s = String.valueOf(o);
        int eq = s.indexOf('=');
        out.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
      }
    }
    return out;
  }

  /** A list-valued key of a service (command, ports, secrets, volumes ...), as strings. */
  List<String> list(String service, String key) {
    Object v = service(service).get(key);
    List<String> out = new ArrayList<>();
    if (v instanceof List<?> l) {
      l.forEach(o -> out.add(String.valueOf(o)));
    } else if (v instanceof Map<?, ?> m) {
      m.keySet().forEach(k -> out.add(String.valueOf(k)));
    } else if (v != null) {
      out.add(String.valueOf(v));
    }
    return out;
  }

  private static Object interpolate(Object node, Map<String, String> variables) {
    if (node instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), interpolate(v, variables)));
      return out;
    }
    if (node instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(v -> out.add(interpolate(v, variables)));
      return out;
    }
    if (node instanceof String s) {
      return interpolate(s, variables);
    }
    return node;
  }

  static String interpolate(String s, Map<String, String> variables) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < s.length()) {
      if (s.startsWith("$$", i)) {
        out.append('$');
        i += 2;
        continue;
      }
      Matcher m = REFERENCE.matcher(s);
      if (s.charAt(i) == '$' && m.find(i) && m.start() == i) {
        String value = variables.get(m.group(1));
        String op = m.group(2);
        if (op == null) {
          if (value == null) {
            throw new IllegalArgumentException("${" + m.group(1) + "} is unset and has no default");
          }
        } else if (op.endsWith("?")) {
          if (value == null || (op.startsWith(":") && value.isEmpty())) {
            throw new IllegalArgumentException("${" + m.group(1) + "}: " + m.group(3));
          }
        } else if (value == null || (op.startsWith(":") && value.isEmpty())) {
          value = m.group(3);
        }
        out.append(value);
        i = m.end();
        continue;
      }
      out.append(s.charAt(i++));
    }
    return out.toString();
  }
}
