package com.tradeplan.engine;

import com.tradeplan.domain.strategy.ParameterType;
import com.tradeplan.domain.strategy.StrategyCatalog;
import com.tradeplan.domain.strategy.StrategyParameter;
import com.tradeplan.domain.strategy.StrategySchema;
import com.tradeplan.engine.RuleCompilationException.Problem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the strategies a rule set declares from the header comments of its rule files
 * (docs/rules.md, "Strategies and their parameter schema"). A strategy is one rule file whose
 * header says
 *
 * <pre>
 * // strategy: trail-atr-after-1r
 * // description: Once the trade is up 1R, trail the stop N x ATR behind the best price.
 * // param: atrMultiple decimal min=0.5 max=10 default=2 | How many ATRs behind the best price
 * </pre>
 *
 * The schema lives in the rule file beside the rules that read it, so every rule-set version
 * carries its own strategies (stored, diffed, validated and deployed with them) and the Drools
 * compiler, which skips comments, never sees it. A malformed header is a {@link Problem} at its
 * line, like a compile error. Bounded by the rule files' own bounds ({@link RuleSources}).
 */
public final class StrategyHeaders {
  private static final Pattern STRATEGY = Pattern.compile("^\\s*//\\s*strategy:\\s*(.*?)\\s*$");
  private static final Pattern DESCRIPTION =
      Pattern.compile("^\\s*//\\s*description:\\s*(.*?)\\s*$");
  private static final Pattern PARAM = Pattern.compile("^\\s*//\\s*param:\\s*(.*?)\\s*$");
  private static final Pattern SETTING = Pattern.compile("(min|max|default)=(\\S+)");

  private StrategyHeaders() {}

  /** The catalog of {@code sources}, and every problem (empty catalog entries are left out). */
  public record Parsed(StrategyCatalog catalog, List<Problem> problems) {}

  public static Parsed parse(RuleSources sources, Function<String, String> display) {
    List<StrategySchema> schemas = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    Map<String, String> fileOf = new HashMap<>();
    sources
        .files()
        .forEach(
            (path, text) -> {
              FileHeader h = new FileHeader(display.apply(path), problems);
              String[] lines = text.split("\n", -1);
              for (int i = 0; i < lines.length; i++) {
                h.read(lines[i], i + 1);
              }
              StrategySchema s = h.schema();
              if (s == null) {
                return;
              }
              String other = fileOf.putIfAbsent(s.name(), h.file);
              if (other != null) {
                problems.add(
                    new Problem(
                        h.file,
                        h.strategyLine,
                        1,
                        "strategy " + s.name() + " is declared in " + other));
              } else {
                schemas.add(s);
              }
            });
    return new Parsed(new StrategyCatalog(schemas), problems);
  }

  /** The header of one file, read line by line. */
  private static final class FileHeader {
    private final String file;
    private final List<Problem> problems;
    private String name;
    private int strategyLine;
    private String description = "";
    private final List<StrategyParameter> parameters = new ArrayList<>();
    private boolean bad;

    FileHeader(String file, List<Problem> problems) {
      this.file = file;
      this.problems = problems;
    }

    void read(String line, int number) {
      Matcher m = STRATEGY.matcher(line);
      if (m.matches()) {
        if (name != null) {
          problem(number, "a rule file declares one strategy; this one is already " + name);
        } else {
          name = m.group(1);
          strategyLine = number;
        }
        return;
      }
      m = DESCRIPTION.matcher(line);
      if (m.matches() && name != null) {
        description = m.group(1);
        return;
      }
      m = PARAM.matcher(line);
      if (m.matches()) {
        if (name == null) {
          problem(number, "a param: line needs a strategy: line above it");
        } else {
          StrategyParameter p = parameter(m.group(1), number);
          if (p != null) {
            parameters.add(p);
          }
        }
      }
    }

    /** {@code NAME TYPE [min=X] [max=Y] [default=Z] [| description]}. */
    private StrategyParameter parameter(String spec, int number) {
      int bar = spec.indexOf('|');
      String description = bar < 0 ? "" : spec.substring(bar + 1).trim();
      String[] words = (bar < 0 ? spec : spec.substring(0, bar)).trim().split("\\s+");
      if (words.length < 2) {
        problem(number, "a parameter is NAME TYPE [min=X] [max=Y] [default=Z] [| description]");
        return null;
      }
      ParameterType type = ParameterType.named(words[1]);
      if (type == null) {
        problem(
            number,
            "parameter "
                + words[0]
                + ": unknown type "
                + words[1]
                + " (decimal, integer, time, boolean)");
        return null;
      }
      Map<String, Object> settings = new HashMap<>();
      for (int i = 2; i < words.length; i++) {
        Matcher s = SETTING.matcher(words[i]);
        Object value = s.matches() ? type.parse(s.group(2)) : null;
        if (!s.matches()) {
          problem(
              number, "parameter " + words[0] + ": " + words[i] + " is not min=, max= or default=");
          return null;
        }
        if (value == null) {
          problem(
              number, "parameter " + words[0] + ": " + s.group(1) + " must be " + type.expected());
          return null;
        }
        settings.put(s.group(1), value);
      }
      return new StrategyParameter(
          words[0],
          type,
          settings.get("min"),
          settings.get("max"),
          settings.get("default"),
          description);
    }

    StrategySchema schema() {
      if (name == null || bad) {
        return null;
      }
      StrategySchema s = new StrategySchema(name, description, parameters);
      List<String> wrong = s.problems();
      if (!wrong.isEmpty()) {
        wrong.forEach(w -> problem(strategyLine, "strategy " + name + ": " + w));
        return null;
      }
      return s;
    }

    private void problem(int line, String message) {
      bad = true;
      problems.add(new Problem(file, line, 1, message));
    }
  }
}
