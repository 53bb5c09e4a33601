package com.tradeplan.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks that read the production sources themselves, for what compiled classes do not show:
 * whether every package says in a {@code package-info.java} what it owns and what it must never do,
 * and whether a class over the size limit says why it is one class. Built on any tree of source
 * roots, so that the same checks run on Tradeplan and on a deliberately broken fixture tree.
 */
final class SourceRules {
  /** The line a class comment starts with to keep more than the limit in one class, and why. */
  static final String REASON_MARK = "Why one class:";

  private static final Pattern REASON_LINE =
      Pattern.compile("^\\s*\\*\\s*(<p>\\s*)?" + Pattern.quote(REASON_MARK) + "\\s*\\S.*");

  private static final Pattern TYPE_DECLARATION =
      Pattern.compile(
          "^(public |final |abstract |sealed |non-sealed )*(class|record|enum|interface|@interface) .*");

  private SourceRules() {}

  /** Every {@code src/<module>/src/main/java} of the repository at {@code root}, sorted. */
  static List<Path> mainSourceRoots(Path root) {
    try (Stream<Path> modules = Files.list(root.resolve("src"))) {
      return modules
          .map(m -> m.resolve("src/main/java"))
          .filter(Files::isDirectory)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Each package (a folder with a Java file) under {@code sourceRoots} without a {@code
   * package-info.java}, or whose package-info's comment does not say what the package must never
   * (or must not) do: one line each, {@code <package> (<folder>): <what is missing>}.
   */
  static List<String> packagesWithoutPackageInfo(List<Path> sourceRoots) {
    List<String> problems = new ArrayList<>();
    for (Path root : sourceRoots) {
      for (Path dir : packageFolders(root)) {
        String pkg = root.relativize(dir).toString().replace('/', '.');
        Path info = dir.resolve("package-info.java");
        if (!Files.isRegularFile(info)) {
          problems.add(pkg + " (" + dir + "): no package-info.java");
          continue;
        }
        String text = read(info);
        String lower = text.toLowerCase(Locale.ROOT);
        if (!text.contains("/**") || !(lower.contains("never") || lower.contains("must not"))) {
          problems.add(pkg + " (" + dir + "): its package-info does not say what it must never do");
        }
      }
    }
    return problems;
  }

  /**
   * Each Java file under {@code sourceRoots} over {@code maxLines} lines whose comment before the
   * type declaration has no line starting with {@link #REASON_MARK}: one line each, {@code <file>:
   * <n> lines}.
   */
  static List<String> longFilesWithoutReason(List<Path> sourceRoots, int maxLines) {
    List<String> problems = new ArrayList<>();
    for (Path root : sourceRoots) {
      for (Path file : javaFiles(root)) {
        List<String> lines = readLines(file);
        if (lines.size() > maxLines && !givesAReason(lines)) {
          problems.add(file + ": " + lines.size() + " lines");
        }
      }
    }
    return problems;
  }

  private static boolean givesAReason(List<String> lines) {
    for (String line : lines) {
      if (TYPE_DECLARATION.matcher(line).matches()) {
        return false;
      }
      if (REASON_LINE.matcher(line).matches()) {
        return true;
      }
    }
    return false;
  }

  private static List<Path> packageFolders(Path root) {
    return javaFiles(root).stream()
        .filter(f -> !f.getFileName().toString().equals("package-info.java"))
        .map(Path::getParent)
        .distinct()
        .sorted()
        .toList();
  }

  private static List<Path> javaFiles(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> p.toString().endsWith(".java") && Files.isRegularFile(p))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> readLines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
