package com.tradeplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/api.md's curl walk-through, run as written against a test server: only its {@code B=} line
 * is pointed at the test's port, and its {@code PATH} holds nothing but bash, curl, sed, od and tr,
 * so a command a fresh machine lacks (such as {@code uuidgen}) fails the test instead of quietly
 * sending an empty key.
 */
class ApiWalkThroughTest extends ServerTestBase {
  private static final Path API_DOC = Path.of("../../docs/api.md");
  private static final List<String> TOOLS = List.of("bash", "curl", "sed", "od", "tr");

  @Test
  void theCurlWalkThroughRunsAsWrittenWithOnlyBasicTools(@TempDir Path dir)
      throws IOException, InterruptedException {
    String script = walkThrough().replace("B=http://localhost:8080", "B=" + base());
    Path bin = Files.createDirectory(dir.resolve("bin"));
    for (String tool : TOOLS) {
      Files.createSymbolicLink(bin.resolve(tool), whereIs(tool));
    }
    Path file = dir.resolve("walk-through.sh");
    Files.writeString(file, script);

    ProcessBuilder pb =
        new ProcessBuilder(bin.resolve("bash").toString(), "-eu", "-o", "pipefail", file.toString())
            .redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().put("PATH", bin.toString());
    Process run = pb.start();
    String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(run.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();

    assertThat(run.exitValue()).as(output).isZero();
    assertThat(output).as("no command is missing").doesNotContain("command not found");
    assertThat(output).as("every key was accepted").doesNotContain("Idempotency-Key");
    assertThat(output).as("the plan was created and activated").contains("\"symbol\":\"AAPL\"");
    assertThat(output).contains("\"status\":\"ACTIVE\"");
  }

  /** The shell block under "A whole plan life with curl". */
  private static String walkThrough() throws IOException {
    String doc = Files.readString(API_DOC);
    int section = doc.indexOf("## A whole plan life with curl");
    assertThat(section).as("the walk-through's heading in %s", API_DOC).isNotNegative();
    int start = doc.indexOf("```\n", section) + 4;
    return doc.substring(start, doc.indexOf("```", start));
  }

  private static Path whereIs(String tool) {
    for (String dir : List.of("/usr/bin", "/bin", "/usr/local/bin")) {
      Path p = Path.of(dir, tool);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    throw new IllegalStateException(tool + " is not installed where a Debian puts it");
  }
}
