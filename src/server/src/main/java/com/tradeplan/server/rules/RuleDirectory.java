package com.tradeplan.server.rules;

import com.tradeplan.engine.RuleAttachments;
import com.tradeplan.engine.RuleCompilationException.Problem;
import com.tradeplan.engine.RuleSet;
import com.tradeplan.engine.RuleSources;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
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
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The rule files of a folder as a strategy admin keeps them in their own repository (the shipped
 * {@code rules/} is one): every {@code .drl} file under it, keyed by its path from the folder with
 * {@code /} ({@code lifecycle/40-entry.drl}), read as UTF-8. Folders whose name starts with a dot
 * ({@code .git}) are not read, and anything else (scenario files, a README) is left out.
 *
 * <p>Bounded as a version is: it stops after {@code RuleSet.RULE_FILES_MAX} + 1 files, and a file
 * of more than 4 bytes per allowed character is not read at all; both are reported as problems
 * rather than sent to a server that would refuse them. {@code simulate replay --versions} reads a
 * saved version's folder with it too.
 */
public final class RuleDirectory {
  private static final String EXTENSION = ".drl";

  private RuleDirectory() {}

  /**
   * What was read: the files (path to text, sorted by path) and the problems that keep them from
   * being a version's sources (the engine's own {@link RuleSources#check}, plus a file that is not
   * UTF-8 or is far too long); {@code files} is empty when the folder holds no {@code .drl} file.
   */
  public record Read(Map<String, String> files, List<Problem> problems) {}

  /** Reads the {@code .drl} files under {@code dir} (a folder: the caller checked). */
  public static Read read(Path dir) throws IOException {
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

  /**
   * The attachments kept beside the rules ({@code RuleAttachments}): every {@code .json} file under
   * {@code DIR/scenarios} (keyed {@code scenarios/PATH}) and the reference {@code
   * DIR/reference/plans.json} with {@code DIR/reference/ticks.csv} (or {@code ticks.csv.gz},
   * unpacked here: the API takes text). Files too long to be accepted are not read but reported, as
   * every problem {@code RuleAttachments.check} finds, before anything is sent.
   */
  static Read readAttachments(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    List<Problem> problems = new ArrayList<>();
    Path scenarios = dir.resolve("scenarios");
    if (Files.isDirectory(scenarios)) {
      try (Stream<Path> walk = Files.walk(scenarios)) {
        for (Path f :
            walk.filter(p -> p.toString().endsWith(".json") && Files.isRegularFile(p))
                .sorted()
                .limit(RuleAttachments.SCENARIOS_MAX + 1L)
                .toList()) {
          readAttachment(dir, f, null, RuleAttachments.SCENARIO_CHARS_MAX, files, problems);
        }
      }
    }
    Path reference = dir.resolve("reference");
    Path plans = reference.resolve("plans.json");
    Path ticks = reference.resolve("ticks.csv");
    Path packed = reference.resolve("ticks.csv.gz");
    if (Files.isRegularFile(plans)) {
      readAttachment(dir, plans, null, RuleAttachments.PLANS_CHARS_MAX, files, problems);
    }
    if (Files.isRegularFile(ticks)) {
      readAttachment(dir, ticks, null, RuleAttachments.TICKS_CHARS_MAX, files, problems);
    } else if (Files.isRegularFile(packed)) {
      readAttachment(
          dir,
          packed,
          RuleAttachments.REFERENCE_TICKS,
          RuleAttachments.TICKS_CHARS_MAX,
          files,
          problems);
    }
    if (problems.isEmpty()) {
      problems.addAll(RuleAttachments.check(files, null));
    }
    return new Read(files, List.copyOf(problems));
  }

  /**
   * Reads one attachment as UTF-8 (unpacking a {@code .gz}) under {@code key} (null: its path),
   * reading at most 4 bytes per allowed character: a longer file is a problem naming the limit.
   */
  private static void readAttachment(
      Path dir, Path file, String key, int charsMax, Map<String, String> files, List<Problem> out)
      throws IOException {
    String path = key != null ? key : relative(dir, file);
    long bytesMax = 4L * charsMax;
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
      byte[] bytes = in.readNBytes((int) Math.min(bytesMax + 1, Integer.MAX_VALUE - 8));
      if (bytes.length > bytesMax) {
        out.add(new Problem(path, 0, 0, "longer than the limit of " + charsMax + " characters"));
        return;
      }
      files.put(
          path, StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString());
    } catch (CharacterCodingException e) {
      out.add(new Problem(path, 0, 0, "not UTF-8 text"));
    }
  }

  private static String relative(Path dir, Path file) {
    List<String> parts = new ArrayList<>();
    dir.relativize(file).forEach(p -> parts.add(p.toString()));
    return String.join("/", parts);
  }
}
