package com.tradeplan.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves that the build fails on unformatted code: a one-class project whose parent is Tradeplan's
 * own parent pom (so the spotless configuration under test is the real one, not a copy) runs {@code
 * spotless:check} through the repository's Maven wrapper, offline, and must fail; after {@code
 * spotless:apply} the same check must pass.
 */
@Tag("build")
class FormattingCheckTest {
  private static final long MAVEN_TIMEOUT_SECONDS = 120;

  @Test
  void theSpotlessCheckOfTheParentPomFailsOnUnformattedCodeAndPassesOnceFormatted(
      @TempDir Path project) throws Exception {
    Path root = repositoryRoot();
    Files.writeString(project.resolve("pom.xml"), fixturePom(root, project));
    Path source = project.resolve("src/main/java/fixture/Unformatted.java");
    Files.createDirectories(source.getParent());
    String unformatted = resource("format-fixture/Unformatted.java.txt");
    Files.writeString(source, unformatted);

    Result check = maven(root, project, "spotless:check");
    assertThat(check.exitCode)
        .as("spotless:check on unformatted code must fail the build; output:\n" + check.output)
        .isNotZero();
    assertThat(check.output).contains("Unformatted.java");

    Result apply = maven(root, project, "spotless:apply");
    assertThat(apply.exitCode).as("spotless:apply; output:\n" + apply.output).isZero();
    assertThat(Files.readString(source))
        .isNotEqualTo(unformatted)
        .contains("public class Unformatted {");

    Result recheck = maven(root, project, "spotless:check");
    assertThat(recheck.exitCode)
        .as("spotless:check on formatted code must pass; output:\n" + recheck.output)
        .isZero();
  }

  private record Result(int exitCode, String output) {}

  private static Result maven(Path root, Path project, String goal) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(root.resolve("mvnw").toString());
    command.add("-B");
    command.add("-o");
    command.add("-q");
    command.add("-f");
    command.add(project.resolve("pom.xml").toString());
    String localRepository = System.getProperty("tradeplan.localRepository", "");
    if (!localRepository.isBlank() && !localRepository.startsWith("${")) {
      command.add("-Dmaven.repo.local=" + localRepository);
    }
    command.add(goal);
    Process process =
        new ProcessBuilder(command)
            .directory(project.toFile())
            .redirectErrorStream(true)
            .redirectOutput(project.resolve("maven-" + goal.replace(':', '-') + ".log").toFile())
            .start();
    if (!process.waitFor(MAVEN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(
          "mvn " + goal + " did not finish in " + MAVEN_TIMEOUT_SECONDS + " s");
    }
    String output = Files.readString(project.resolve("maven-" + goal.replace(':', '-') + ".log"));
    return new Result(process.exitValue(), output);
  }

  /**
   * A pom whose parent is the repository's parent pom, by a path relative to the fixture: Maven
   * joins {@code relativePath} to the project's directory, so an absolute path would name a file
   * under the fixture and the parent would be looked up in the local repository, where a fresh
   * machine that only ran {@code verify} has none.
   */
  private static String fixturePom(Path root, Path project) throws IOException {
    String parent = Files.readString(root.resolve("pom.xml"));
    Matcher version =
        Pattern.compile("<artifactId>tradeplan-parent</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(parent);
    assertThat(version.find()).as("the parent pom names its version").isTrue();
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <parent>
            <groupId>com.tradeplan</groupId>
            <artifactId>tradeplan-parent</artifactId>
            <version>%s</version>
            <relativePath>%s</relativePath>
          </parent>
          <artifactId>format-fixture</artifactId>
        </project>
        """
        .formatted(
            version.group(1),
            project.toAbsolutePath().relativize(root.resolve("pom.xml").toAbsolutePath()));
  }

  /** The repository root: given by the build, else the nearest parent with mvnw and pom.xml. */
  static Path repositoryRoot() {
    String given = System.getProperty("tradeplan.root", "");
    if (!given.isBlank() && !given.startsWith("${")) {
      Path p = Path.of(given).toAbsolutePath();
      if (Files.isExecutable(p.resolve("mvnw"))) {
        return p;
      }
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isExecutable(p.resolve("mvnw")) && Files.exists(p.resolve("pom.xml"))) {
        return p;
      }
    }
    throw new AssertionError(
        "no repository root (mvnw + pom.xml) above " + Path.of("").toAbsolutePath());
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = FormattingCheckTest.class.getResourceAsStream("/" + name)) {
      assertThat(in).as("test resource " + name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
