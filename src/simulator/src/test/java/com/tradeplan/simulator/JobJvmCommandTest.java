package com.tradeplan.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The job JVM's command line: this JVM's java, the heap bound, the flags, nice when asked. */
class JobJvmCommandTest {
  @Test
  void aJobJvmRunsThisJavaWithItsHeapBoundAndTheSerialCollector() {
    JobJvmCommand c = JobJvmCommand.of(64, 0, "com.example.Main");
    List<String> cmd = c.with("/tmp/job");
    assertThat(c.niced()).as("niceness 0 never uses nice").isFalse();
    assertThat(cmd.get(0))
        .isEqualTo(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    assertThat(cmd)
        .contains(
            "-Xmx64m",
            "-XX:+ExitOnOutOfMemoryError",
            "-XX:+UseSerialGC",
            "-XX:ActiveProcessorCount=1",
            System.getProperty("java.class.path"));
    assertThat(cmd.subList(cmd.size() - 2, cmd.size()))
        .containsExactly("com.example.Main", "/tmp/job");
    assertThat(c.command()).as("with() leaves the command alone").doesNotContain("/tmp/job");
  }

  @Test
  void aPositiveNicenessPutsNiceInFrontWhenTheMachineHasIt() {
    JobJvmCommand c = JobJvmCommand.of(64, 10, "com.example.Main");
    boolean machineHasNice =
        List.of(System.getenv("PATH").split(java.io.File.pathSeparator)).stream()
            .anyMatch(d -> Files.isExecutable(Path.of(d, "nice")));
    assertThat(c.niced()).isEqualTo(machineHasNice);
    if (machineHasNice) {
      assertThat(c.command().subList(1, 3)).containsExactly("-n", "10");
      assertThat(c.command().get(0)).endsWith("nice");
    } else {
      assertThat(c.command().get(0)).endsWith("java");
    }
  }
}
