package com.tradeplan.engine;

import com.tradeplan.engine.RuleCompilationException.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.drl.ast.descr.GlobalDescr;
import org.drools.drl.ast.descr.ImportDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsParserException;
import org.kie.internal.builder.conf.LanguageLevelOption;

/**
 * What a rule must never do, checked before a draft is compiled: no I/O, no {@code System}, {@code
 * Runtime} or process, no reflection or class loading, no threads, no global other than the
 * approved ones ({@link #APPROVED_GLOBALS}), no import outside the facts' packages. A rule decides
 * with the facts and inserts intents; everything else is the platform's (docs/rules.md, "What a
 * rule must never do").
 *
 * <p>How: each file is parsed with Drools' own {@link DrlParser} into a {@link PackageDescr}; its
 * imports and globals are checked by name with their lines. Then every line of the file, with
 * comments and string literals blanked out, is searched for the forbidden names ({@link
 * #FORBIDDEN}): conservative on purpose, it refuses a forbidden name anywhere in a rule's
 * conditions, consequence or a function, fully qualified or not, at the cost of refusing a fact
 * field that happens to be called {@code Runtime}. Not checked: which facts a rule modifies.
 */
public final class RulePolicy {
  /** The globals a rule may declare: none today (rules read facts, never mutable globals). */
  public static final Set<String> APPROVED_GLOBALS = Set.of();

  /** The packages (and their sub-packages) a rule file may import from. */
  public static final List<String> IMPORTABLE =
      List.of(
          "com.tradeplan.domain.",
          "com.tradeplan.engine.facts.",
          "java.math.",
          "java.time.",
          "java.util.List",
          "java.util.Map",
          "java.util.Set",
          "java.util.Collection",
          "java.util.Objects");

  /** A forbidden name and what it would let a rule do. */
  record Forbidden(Pattern pattern, String why) {}

  static final List<Forbidden> FORBIDDEN =
      List.of(
          word("System", "System (console, properties, exit, time outside the engine's clock)"),
          word("Runtime", "Runtime (processes, exit, memory)"),
          word("ProcessBuilder", "a process"),
          word("Process", "a process"),
          word("Thread", "a thread"),
          word("ThreadLocal", "a thread"),
          word("Executors?", "a thread pool"),
          word("ExecutorService", "a thread pool"),
          word("CompletableFuture", "work on another thread"),
          word("ForkJoinPool", "a thread pool"),
          word("Timer", "a thread"),
          word("synchronized", "a lock"),
          word("ClassLoader", "class loading"),
          word("forName", "class loading"),
          word("getClass", "reflection"),
          word("MethodHandles?", "reflection"),
          word("Unsafe", "memory outside the JVM's rules"),
          word("Files", "file I/O"),
          word("Paths?", "file I/O"),
          word("File", "file I/O"),
          word("FileInputStream", "file I/O"),
          word("FileOutputStream", "file I/O"),
          word("FileReader", "file I/O"),
          word("FileWriter", "file I/O"),
          word("RandomAccessFile", "file I/O"),
          word("Socket", "network I/O"),
          word("ServerSocket", "network I/O"),
          word("URL", "network I/O"),
          word("URI", "network I/O"),
          word("HttpClient", "network I/O"),
          word("DriverManager", "a database"),
          word("kcontext", "the engine's own context (other sessions, the agenda)"),
          word("drools", "the engine's own context (halt, other facts' handles)"),
          code(
              "\\bjava\\s*\\.\\s*(io|nio|net|lang\\s*\\.\\s*reflect|lang\\s*\\.\\s*invoke)\\b",
              "I/O or reflection (java.io, java.nio, java.net, java.lang.reflect/invoke)"),
          code("\\bjava\\s*\\.\\s*util\\s*\\.\\s*concurrent\\b", "threads (java.util.concurrent)"),
          code("\\b(sun|jdk|com\\s*\\.\\s*sun)\\s*\\.", "the JDK's internals"),
          code("\\.\\s*class\\b", "reflection (a class literal)"));

  private RulePolicy() {}

  private static Forbidden word(String name, String why) {
    return new Forbidden(Pattern.compile("(?<![\\w$])" + name + "\\b"), why);
  }

  private static Forbidden code(String regex, String why) {
    return new Forbidden(Pattern.compile(regex), why);
  }

  /** Every breach of the policy in {@code sources}, in file and line order; empty when none. */
  public static List<Problem> check(RuleSources sources) {
    List<Problem> problems = new ArrayList<>();
    for (Map.Entry<String, String> f : sources.files().entrySet()) {
      checkFile(sources, f.getKey(), f.getValue(), problems);
    }
    return problems;
  }

  private static void checkFile(
      RuleSources sources, String path, String text, List<Problem> problems) {
    PackageDescr pkg;
    try {
      DrlParser parser = new DrlParser(LanguageLevelOption.DRL6);
      pkg = parser.parse(false, text);
      if (parser.hasErrors() || pkg == null) {
        return; // the compiler reports syntax errors with their positions
      }
    } catch (DroolsParserException e) {
      return;
    }
    for (ImportDescr i : pkg.getImports()) {
      String target = i.getTarget();
      if (IMPORTABLE.stream().noneMatch(target::startsWith)) {
        problems.add(
            new Problem(
                path,
                i.getLine(),
                Math.max(i.getColumn(), 0) + 1,
                "import "
                    + target
                    + " is not allowed: a rule file imports only from "
                    + String.join(", ", IMPORTABLE)));
      }
    }
    for (GlobalDescr g : pkg.getGlobals()) {
      if (!APPROVED_GLOBALS.contains(g.getIdentifier())) {
        problems.add(
            new Problem(
                path,
                g.getLine(),
                Math.max(g.getColumn(), 0) + 1,
                "global "
                    + g.getIdentifier()
                    + " is not approved"
                    + (APPROVED_GLOBALS.isEmpty()
                        ? ": rules use no globals (a global is shared, mutable state)"
                        : ": approved are " + APPROVED_GLOBALS)));
      }
    }
    String[] lines = codeOnly(text).split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].trim().startsWith("import ")) {
        continue; // checked above, by name
      }
      for (Forbidden f : FORBIDDEN) {
        Matcher m = f.pattern().matcher(lines[i]);
        if (m.find()) {
          problems.add(
              new Problem(
                  path,
                  i + 1,
                  m.start() + 1,
                  "'" + m.group().trim() + "' is not allowed in a rule: " + f.why(),
                  sources.ruleAt(path, i + 1)));
        }
      }
    }
  }

  /**
   * The text with every comment and string or character literal replaced by spaces, newlines kept,
   * so that line and column still point into the original and a name inside a rule's quoted name or
   * a comment is not taken for code.
   */
  static String codeOnly(String text) {
    StringBuilder out = new StringBuilder(text.length());
    int n = text.length();
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      char next = i + 1 < n ? text.charAt(i + 1) : '\0';
      if (c == '/' && next == '/') {
        while (i < n && text.charAt(i) != '\n') {
          out.append(' ');
          i++;
        }
      } else if (c == '/' && next == '*') {
        out.append("  ");
        i += 2;
        while (i < n && !(text.charAt(i) == '*' && i + 1 < n && text.charAt(i + 1) == '/')) {
          out.append(text.charAt(i) == '\n' ? '\n' : ' ');
          i++;
        }
        if (i < n) {
          out.append("  ");
          i += 2;
        }
      } else if (c == '"' || c == '\'') {
        out.append(' ');
        i++;
        while (i < n && text.charAt(i) != c && text.charAt(i) != '\n') {
          if (text.charAt(i) == '\\' && i + 1 < n) {
            out.append(' ');
            i++;
          }
          out.append(' ');
          i++;
        }
        if (i < n && text.charAt(i) == c) {
          out.append(' ');
          i++;
        }
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }
}
