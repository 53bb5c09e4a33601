package com.tradeplan.deployment;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A Dockerfile read into its instructions, as much of the format as the checks need: parser
 * directives and comments dropped, lines joined at a trailing backslash, the instruction's flags
 * ({@code --from=ui}, {@code --chmod=0555}, {@code --mount=...}) apart from its arguments, and the
 * JSON (exec) form of RUN/CMD/ENTRYPOINT/HEALTHCHECK CMD/COPY told from the shell form. Each
 * instruction knows its build stage (0-based; -1 before the first FROM). Not a full implementation
 * of the format (heredocs are refused, escape directives other than the backslash too): a
 * Dockerfile that uses them fails here with the line, so this parser can never silently misread.
 */
final class DockerfileParser {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DockerfileParser() {}

  /**
   * One instruction.
   *
   * @param line the 1-based line it starts on
   * @param stage the build stage (0-based), -1 for ARGs before the first FROM
   * @param keyword upper case (FROM, RUN, COPY, ...)
   * @param flags {@code --name=value} flags that precede the arguments, in order
   * @param arguments the rest: for the JSON form its elements, else the words split on blanks
   *     (quotes kept as written)
   * @param raw the rest as one string, flags removed, continuation lines joined with a blank
   * @param jsonForm whether the arguments were a JSON array
   */
  record Instruction(
      int line,
      int stage,
      String keyword,
      Map<String, String> flags,
      List<String> arguments,
      String raw,
      boolean jsonForm) {}

  static List<Instruction> parse(String text) {
    List<Instruction> out = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    int stage = -1;
    boolean directives = true;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      String trimmed = line.strip();
      if (trimmed.startsWith("#")) {
        if (directives && trimmed.matches("#\\s*escape\\s*=.*")) {
          throw new IllegalArgumentException(
              "line " + (i + 1) + ": escape directive not supported");
        }
        continue; // a parser directive (# syntax=...) or a comment
      }
      if (trimmed.isEmpty()) {
        continue;
      }
      directives = false;
      int start = i;
      StringBuilder joined = new StringBuilder();
      String current = line;
      while (true) {
        String t = current.stripTrailing();
        if (t.endsWith("\\")) {
          joined.append(t, 0, t.length() - 1).append(' ');
          i++;
          if (i >= lines.length) {
            throw new IllegalArgumentException("line " + (start + 1) + ": continues past the end");
          }
          current = lines[i];
          while (current.strip().startsWith("#") && i + 1 < lines.length) {
            current = lines[++i]; // comment lines inside a continuation are dropped
          }
        } else {
          joined.append(t);
          break;
        }
      }
      String instruction = joined.toString().strip();
      if (instruction.contains("<<")
          && instruction.matches("(?i)(RUN|COPY|ADD)\\s.*<<-?[\"']?[A-Za-z_]+.*")) {
        throw new IllegalArgumentException("line " + (start + 1) + ": heredocs not supported");
      }
      int space = instruction.indexOf(' ');
      String keyword =
          (space < 0 ? instruction : instruction.substring(0, space)).toUpperCase(Locale.ROOT);
      String rest = space < 0 ? "" : instruction.substring(space + 1).strip();
      if (keyword.equals("FROM")) {
        stage++;
      }
      Map<String, String> flags = new LinkedHashMap<>();
      while (rest.startsWith("--")) {
        int end = rest.indexOf(' ');
        String flag = end < 0 ? rest : rest.substring(0, end);
        int eq = flag.indexOf('=');
        flags.put(
            eq < 0 ? flag.substring(2) : flag.substring(2, eq),
            eq < 0 ? "" : flag.substring(eq + 1));
        rest = end < 0 ? "" : rest.substring(end + 1).strip();
      }
      if (keyword.equals("HEALTHCHECK") && rest.regionMatches(true, 0, "CMD ", 0, 4)) {
        rest = rest.substring(4).strip();
        keyword = "HEALTHCHECK";
      }
      boolean json = rest.startsWith("[");
      List<String> arguments;
      if (json) {
        try {
          arguments = JSON.readValue(rest, new TypeReference<List<String>>() {});
        } catch (Exception e) {
          throw new IllegalArgumentException(
              "line " + (start + 1) + ": not a JSON array of strings: " + rest, e);
        }
      } else {
        arguments = rest.isEmpty() ? List.of() : List.of(rest.split("\\s+"));
      }
      out.add(
          new Instruction(
              start + 1, stage, keyword, Map.copyOf(flags), List.copyOf(arguments), rest, json));
    }
    return out;
  }

  /**
   * The {@code KEY=value} pairs of an ENV, LABEL or ARG instruction (values unquoted; a pair's
   * value may hold blanks inside double quotes). ARG without a default maps to null.
   */
  static Map<String, String> pairs(Instruction ins) {
    Map<String, String> out = new LinkedHashMap<>();
    String s = ins.raw();
    int i = 0;
    while (i < s.length()) {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      int keyStart = i;
      while (i < s.length() && s.charAt(i) != '=' && !Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      String key = s.substring(keyStart, i);
      if (key.isEmpty()) {
        break;
      }
      if (i >= s.length() || s.charAt(i) != '=') {
        out.put(key, null);
        continue;
      }
      i++;
      StringBuilder value = new StringBuilder();
      if (i < s.length() && s.charAt(i) == '"') {
        i++;
        while (i < s.length() && s.charAt(i) != '"') {
          if (s.charAt(i) == '\\' && i + 1 < s.length()) {
            i++;
          }
          value.append(s.charAt(i++));
        }
        i++;
      } else {
        while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
          value.append(s.charAt(i++));
        }
      }
      out.put(key, value.toString());
    }
    return out;
  }
}
