package com.tradeplan.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a short command (a script of docker/, promtool) to its end, with a bound on its time. */
final class Shell {
  private Shell() {}

  /** What a command did: its exit code and everything it printed. */
  record Result(int exit, String stdout, String stderr) {
    List<String> lines() {
      return stdout.isEmpty() ? List.of() : List.of(stdout.split("\n"));
    }
  }

  /**
   * Runs {@code command} in {@code dir} with exactly {@code env} as its environment (plus PATH and
   * HOME of this process, so that bash and java are found).
   */
  static Result run(List<String> command, Map<String, String> env, Path dir, Duration timeout) {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    Map<String, String> e = pb.environment();
    String path = e.get("PATH");
    String home = e.get("HOME");
    e.clear();
    if (path != null) {
      e.put("PATH", path);
    }
    if (home != null) {
      e.put("HOME", home);
    }
    e.putAll(env);
    try {
      Path out = Files.createTempFile("tradeplan-shell", ".out");
      Path err = Files.createTempFile("tradeplan-shell", ".err");
      try {
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          p.destroyForcibly();
          throw new IllegalStateException(command + " did not end within " + timeout);
        }
        return new Result(
            p.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e1) {
      throw new UncheckedIOException("cannot run " + command, e1);
    } catch (InterruptedException e1) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e1);
    }
  }
}
