package com.tradeplan.server.rules;

import com.tradeplan.engine.RuleCompilationException.Problem;
import com.tradeplan.engine.RuleSet;
import com.tradeplan.engine.RuleSources;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rule files of a folder as a strategy admin keeps them in their own repository (the shipped
 * {@code rules/} is one): every {@code .drl} file under it, keyed by its path from the folder with
 * {@code /} ({@code lifecycle/40-entry.drl}), read as UTF-8. Folders whose name starts with a dot
 * ({@code .git}) are not read, and anything else (scenario files, a README) is left out.
 *
 * <p>Bounded as a version is: it stops after {@code RuleSet.RULE_FILES_MAX} + 1 files, and a file
 * of more than 4 bytes per allowed character is not read at all; both are reported as problems
 * rather than sent to a server that would refuse them.
 */
final class RuleDirectory {
  private static final String EXTENSION = ".drl";

  private RuleDirectory() {}

  /**
   * What was read: the files (path to text, sorted by path) and the problems that keep them from
   * being a version's sources (the engine's own {@link RuleSources#check}, plus a file that is not
   * UTF-8 or is far too long); {@code files} is empty when the folder holds no {@code .drl} file.
   */
  record Read(Map<String, String> files, List<Problem> problems) {}

  /** Reads the {@code .drl} files under {@code dir} (a folder: the caller checked). */
  static Read read(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    List<Problem> problems = new ArrayList<>();
    long bytesMax = 4L * RuleSources.FILE_CHARS_MAX;
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
            return !d.equals(dir) && d.getFileName().toString().startsWith(".")
                ? FileVisitResult.SKIP_SUBTREE
                : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            if (!attrs.isRegularFile() || !file.getFileName().toString().endsWith(EXTENSION)) {
              return FileVisitResult.CONTINUE;
            }
            String path = relative(dir, file);
            if (attrs.size() > bytesMax) {
              problems.add(
                  new Problem(
                      path, 0, 0, "longer than " + RuleSources.FILE_CHARS_MAX + " characters"));
            } else {
              try {
                files.put(path, Files.readString(file, StandardCharsets.UTF_8));
              } catch (CharacterCodingException e) {
                problems.add(new Problem(path, 0, 0, "not UTF-8 text"));
              }
            }
            return files.size() + problems.size() > RuleSet.RULE_FILES_MAX
                ? FileVisitResult.TERMINATE
                : FileVisitResult.CONTINUE;
          }
        });
    if (problems.isEmpty() && !files.isEmpty()) {
      problems.addAll(RuleSources.check(files));
    }
    return new Read(files, List.copyOf(problems));
  }

  private static String relative(Path dir, Path file) {
    List<String> parts = new ArrayList<>();
    dir.relativize(file).forEach(p -> parts.add(p.toString()));
    return String.join("/", parts);
  }
}
