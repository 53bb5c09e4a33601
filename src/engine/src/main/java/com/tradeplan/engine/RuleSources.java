package com.tradeplan.engine;

import com.tradeplan.engine.RuleCompilationException.Problem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The DRL text of one rule-set version: relative path ({@code lifecycle/40-entry.drl}) to file
 * text, sorted by path. Its {@link #contentHash} names the content (the same files always give the
 * same hash), which is how versions are stored content-addressed. Bounded: {@link
 * RuleSet#RULE_FILES_MAX} files of at most {@link #FILE_CHARS_MAX} characters each; a larger draft
 * is refused when it is made, never cut.
 */
public record RuleSources(Map<String, String> files) {
  /** Bound on one rule file (about 20 times the largest shipped file). */
  public static final int FILE_CHARS_MAX = 200_000;

  private static final Pattern RULE_LINE =
      Pattern.compile("^\\s*rule\\s+(?:\"((?:[^\"\\\\]|\\\\.)*)\"|'([^']*)'|(\\S+))");
  private static final Pattern END_LINE = Pattern.compile("^\\s*end\\s*(//.*)?$");
  private static final Pattern PATH = Pattern.compile("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*\\.drl");

  public RuleSources {
    files = Collections.unmodifiableMap(new TreeMap<>(files));
  }

  /** The problems that keep {@code files} from being a rule set's sources; empty when none. */
  public static List<Problem> check(Map<String, String> files) {
    List<Problem> problems = new ArrayList<>();
    if (files == null || files.isEmpty()) {
      problems.add(new Problem("", 0, 0, "no .drl file"));
      return problems;
    }
    if (files.size() > RuleSet.RULE_FILES_MAX) {
      problems.add(new Problem("", 0, 0, "more than " + RuleSet.RULE_FILES_MAX + " rule files"));
      return problems;
    }
    files.forEach(
        (path, text) -> {
          if (path == null || !PATH.matcher(path).matches() || path.contains("..")) {
            problems.add(
                new Problem(
                    String.valueOf(path),
                    0,
                    0,
                    "a rule file is a relative path of letters, digits, '_', '-', '.' ending .drl"));
          } else if (text == null) {
            problems.add(new Problem(path, 0, 0, "no text"));
          } else if (text.length() > FILE_CHARS_MAX) {
            problems.add(new Problem(path, 0, 0, "longer than " + FILE_CHARS_MAX + " characters"));
          }
        });
    return problems;
  }

  /** The sources, checked: throws {@link RuleCompilationException} with every problem. */
  public static RuleSources of(Map<String, String> files) {
    List<Problem> problems = check(files);
    if (!problems.isEmpty()) {
      throw new RuleCompilationException(problems);
    }
    return new RuleSources(files);
  }

  /** SHA-256 over every path and text, in path order, as 64 hex digits. */
  public String contentHash() {
    return hash(files);
  }

  /**
   * SHA-256 over every key and text of {@code files} in key order, as 64 hex digits: the one
   * content hash of rule-set versions, for their DRL files and their attachments ({@link
   * RuleAttachments}).
   */
  static String hash(Map<String, String> files) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (Map.Entry<String, String> f : new TreeMap<>(files).entrySet()) {
        sha.update(f.getKey().getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(f.getValue().getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /**
   * The name of the rule whose text holds {@code line} (1-based) of {@code path}, or null when the
   * line is outside every rule (imports, a function, a blank line between rules).
   */
  public String ruleAt(String path, int line) {
    String text = files.get(path);
    if (text == null || line <= 0) {
      return null;
    }
    String[] lines = text.split("\n", -1);
    String current = null;
    for (int i = 0; i < Math.min(line, lines.length); i++) {
      Matcher rule = RULE_LINE.matcher(lines[i]);
      if (rule.find()) {
        current =
            rule.group(1) != null
                ? rule.group(1)
                : rule.group(2) != null ? rule.group(2) : rule.group(3);
      } else if (END_LINE.matcher(lines[i]).matches() && i < line - 1) {
        current = null;
      }
    }
    return current;
  }
}
