package com.tradeplan.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The repository these checks read: its root, its docker/ folder and the built server classpath.
 */
final class Repository {
  private Repository() {}

  /**
   * The repository root: the {@code tradeplan.root} system property (set by the module's surefire
   * configuration), else the nearest folder above the working directory with the launcher.
   */
  static Path root() {
    String configured = System.getProperty("tradeplan.root");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("tradeplan"))
          && Files.isRegularFile(p.resolve("pom.xml"))) {
        return p;
      }
    }
    throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
  }

  static Path docker() {
    return root().resolve("docker");
  }

  /** The server's runtime classpath, which the image copies to /app/lib. */
  static Path serverLib() {
    return root().resolve("src/server/target/lib");
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
