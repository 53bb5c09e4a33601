package com.tradeplan.simulator;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of an analysis job's own JVM: this JVM's java and class path, {@code -Xmx} the
 * job's memory bound, exit at once on an {@link OutOfMemoryError} (the parent then reports the
 * bound), the serial collector on one processor (a simulation is one thread: no concurrent or
 * parallel collector threads to take cores from the trading lanes), and {@code nice -n N} in front
 * when N is above 0 and the machine has a {@code nice} command. The one home of these flags: the
 * server's job runner and the lanes-under-jobs benchmark start their job JVMs with it, so the
 * benchmark measures what the server runs.
 *
 * @param command the whole command up to the main class's arguments
 * @param niced whether {@code nice} was put in front (false when asked for 0 or not found)
 */
public record JobJvmCommand(List<String> command, boolean niced) {
  public JobJvmCommand {
    command = List.copyOf(command);
  }

  /** The command running {@code mainClass} with a heap of {@code heapMb} MiB, lowered by N. */
  public static JobJvmCommand of(int heapMb, int niceness, String mainClass) {
    List<String> cmd = new ArrayList<>();
    Path nice = niceness > 0 ? onPath("nice") : null;
    if (nice != null) {
      cmd.addAll(List.of(nice.toString(), "-n", Integer.toString(niceness)));
    }
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + heapMb + "m");
    cmd.add("-XX:+ExitOnOutOfMemoryError");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:ActiveProcessorCount=1");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass);
    return new JobJvmCommand(cmd, nice != null);
  }

  /** This command with {@code args} after the main class. */
  public List<String> with(String... args) {
    List<String> all = new ArrayList<>(command);
    all.addAll(List.of(args));
    return all;
  }

  private static Path onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String d : path.split(File.pathSeparator)) {
      Path p = Path.of(d, name);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }
}
