package com.tradeplan.deployment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Prometheus's own checkers, promtool and amtool, where this machine has or can get them: found on
 * the PATH, else installed the way the browser test installs Chromium (Debian's {@code prometheus}
 * and {@code prometheus-alertmanager} packages with apt-get, only when running as root, about a
 * minute on a fresh machine; neither starts a daemon here). They are an extra on top of the Java
 * checks, which are the authority: a test that needs one and cannot have it is reported as skipped
 * with the reason, never passed silently.
 */
final class Promtool {
  private static Optional<Path> promtool;
  private static Optional<Path> amtool;

  private Promtool() {}

  static synchronized Optional<Path> promtool() {
    if (promtool == null) {
      promtool = find("promtool", "prometheus");
    }
    return promtool;
  }

  static synchronized Optional<Path> amtool() {
    if (amtool == null) {
      amtool = find("amtool", "prometheus-alertmanager");
    }
    return amtool;
  }

  /** Why a tool is missing, for the skip message. */
  static String missing(String tool, String pkg) {
    return tool
        + " is not installed and could not be installed (apt-get install -y --no-install-recommends "
        + pkg
        + " needs root and the Debian archive); the Java checks ran, "
        + tool
        + "'s did not";
  }

  static Shell.Result run(Path tool, List<String> args, Path dir) {
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add(tool.toString());
    cmd.addAll(args);
    return Shell.run(cmd, Map.of(), dir, Duration.ofMinutes(2));
  }

  private static Optional<Path> find(String tool, String pkg) {
    Optional<Path> found = onPath(tool);
    if (found.isPresent() || !"root".equals(System.getProperty("user.name"))) {
      return found;
    }
    if (onPath("apt-get").isEmpty()) {
      return Optional.empty();
    }
    System.out.println("[deployment] installing Debian " + pkg + " for " + tool + " (apt-get)");
    Shell.Result r =
        Shell.run(
            List.of(
                "sh",
                "-c",
                "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq"
                    + " --no-install-recommends "
                    + pkg),
            Map.of(),
            Path.of("/"),
            Duration.ofMinutes(10));
    if (r.exit() != 0) {
      System.out.println("[deployment] apt-get failed: " + r.stderr());
    }
    return onPath(tool);
  }

  private static Optional<Path> onPath(String tool) {
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/usr/local/bin";
    for (String dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return Optional.of(Path.of(dir, tool));
      }
    }
    return Optional.empty();
  }
}
