package com.tradeplan.deployment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The metric names a PromQL expression reads, and the label values it asks of them: a small
 * tokenizer, not a PromQL parser (promtool checks the syntax where it is installed). It knows what
 * is not a metric name: a function or aggregation (a name before {@code (}), a keyword, the label
 * lists after {@code by}, {@code without}, {@code on}, {@code ignoring}, {@code group_left} and
 * {@code group_right}, everything inside {@code {...}} (label matchers, read separately), inside
 * {@code [...]} (ranges, Grafana's {@code $__rate_interval}) and inside strings, and numbers and
 * durations.
 */
final class PromQlNames {
  private static final Set<String> KEYWORDS =
      Set.of(
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "bool",
          "and",
          "or",
          "unless",
          "offset",
          "inf",
          "nan",
          "atan2");

  /** Aggregations may put {@code by (...)} between their name and their parenthesis. */
  private static final Set<String> AGGREGATIONS =
      Set.of(
          "sum",
          "min",
          "max",
          "avg",
          "group",
          "stddev",
          "stdvar",
          "count",
          "count_values",
          "bottomk",
          "topk",
          "quantile",
          "limitk",
          "limit_ratio");

  private static final Set<String> LABEL_LIST_KEYWORDS =
      Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

  private PromQlNames() {}

  /**
   * One selector's equality or regex matcher on a label: {@code kind="X"} or {@code kind=~"A|B"}
   * (negative matchers are not reported).
   */
  record Matcher(String metric, String label, String value, boolean regex) {
    /** The literal values the matcher can match, or empty when it is a real pattern. */
    List<String> literals() {
      if (!regex) {
        return List.of(value);
      }
      if (!value.matches("[A-Za-z0-9_:.\\-]+(\\|[A-Za-z0-9_:.\\-]+)*")) {
        return List.of();
      }
      return List.of(value.split("\\|"));
    }
  }

  /** The metric names {@code expr} reads, in order of appearance. */
  static Set<String> metrics(String expr) {
    return read(expr).metrics;
  }

  /** The label matchers of the selectors of {@code expr}. */
  static List<Matcher> matchers(String expr) {
    return read(expr).matchers;
  }

  private static final class Reading {
    final Set<String> metrics = new LinkedHashSet<>();
    final List<Matcher> matchers = new ArrayList<>();
  }

  private static Reading read(String expr) {
    Reading r = new Reading();
    int i = 0;
    String lastMetric = null;
    while (i < expr.length()) {
      char c = expr.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '"' || c == '\'' || c == '`') {
        i = skipString(expr, i);
      } else if (c == '[') {
        i = skipTo(expr, i, ']');
      } else if (c == '{') {
        int end = skipTo(expr, i, '}');
        r.matchers.addAll(labelMatchers(lastMetric, expr.substring(i + 1, end - 1)));
        i = end;
      } else if (Character.isDigit(c)
          || (c == '.' && i + 1 < expr.length() && Character.isDigit(expr.charAt(i + 1)))) {
        while (i < expr.length()
            && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '.')) {
          i++;
        }
      } else if (Character.isLetter(c) || c == '_' || c == ':') {
        int start = i;
        while (i < expr.length()
            && (Character.isLetterOrDigit(expr.charAt(i))
                || expr.charAt(i) == '_'
                || expr.charAt(i) == ':')) {
          i++;
        }
        String word = expr.substring(start, i);
        int next = i;
        while (next < expr.length() && Character.isWhitespace(expr.charAt(next))) {
          next++;
        }
        boolean call = next < expr.length() && expr.charAt(next) == '(';
        if (LABEL_LIST_KEYWORDS.contains(word.toLowerCase())) {
          lastMetric = null;
          if (call) {
            i = skipTo(expr, next, ')'); // by (le, instance): labels, not metrics
          }
        } else if (KEYWORDS.contains(word.toLowerCase())
            || AGGREGATIONS.contains(word.toLowerCase())
            || call) {
          lastMetric = null;
        } else {
          r.metrics.add(word);
          lastMetric = word;
        }
      } else {
        lastMetric = null;
        i++;
      }
    }
    return r;
  }

  /** The matchers inside one {@code {...}}; {@code __name__="x"} is a metric of its own. */
  private static List<Matcher> labelMatchers(String metric, String body) {
    List<Matcher> out = new ArrayList<>();
    Map<String, String[]> pairs = new LinkedHashMap<>();
    int i = 0;
    while (i < body.length()) {
      int op = indexOfAny(body, i, "=!");
      if (op < 0) {
        break;
      }
      String label = body.substring(i, op).replace(",", "").strip();
      int q = indexOfAny(body, op, "\"'`");
      String operator = body.substring(op, q).strip();
      int end = skipString(body, q);
      String value = body.substring(q + 1, end - 1);
      pairs.put(label + operator, new String[] {label, operator, value});
      i = end;
    }
    for (String[] p : pairs.values()) {
      if (p[1].equals("=") || p[1].equals("=~")) {
        out.add(new Matcher(metric, p[0], p[2], p[1].equals("=~")));
      }
    }
    return out;
  }

  private static int indexOfAny(String s, int from, String chars) {
    for (int i = from; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  /** The index after the string starting at {@code i} (its quote), escapes honoured. */
  private static int skipString(String s, int i) {
    char quote = s.charAt(i);
    int j = i + 1;
    while (j < s.length() && s.charAt(j) != quote) {
      j += s.charAt(j) == '\\' && quote != '`' ? 2 : 1;
    }
    if (j >= s.length()) {
      throw new IllegalArgumentException("unterminated string in: " + s);
    }
    return j + 1;
  }

  /** The index after the {@code close} matching the opener at {@code i} (strings skipped). */
  private static int skipTo(String s, int i, char close) {
    char open = s.charAt(i);
    int depth = 0;
    int j = i;
    while (j < s.length()) {
      char c = s.charAt(j);
      if (c == '"' || c == '\'' || c == '`') {
        j = skipString(s, j);
        continue;
      }
      if (c == open) {
        depth++;
      } else if (c == close && --depth == 0) {
        return j + 1;
      }
      j++;
    }
    throw new IllegalArgumentException(
        "no '" + close + "' for the '" + open + "' at " + i + " in: " + s);
  }
}
