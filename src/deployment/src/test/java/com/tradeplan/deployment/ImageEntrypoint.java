package com.tradeplan.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The image's entry point (docker/tradeplan-container.sh) run as a script on this machine, with
 * {@code /app/lib} replaced by the server's built classpath: what java command a container's
 * command starts, and whether its main class is on that classpath.
 */
final class ImageEntrypoint {
  private ImageEntrypoint() {}

  /** The java command the entry point would run: JVM options, classpath, main class, its args. */
  record JavaCommand(
      List<String> jvmOptions, String classpath, String mainClass, List<String> args) {}

  static Path script() {
    return Repository.docker().resolve("tradeplan-container.sh");
  }

  /** Runs the entry point in print mode; the result as it printed it. */
  static Shell.Result print(List<String> command, Map<String, String> env) {
    Map<String, String> e = new HashMap<>(env);
    e.put("TRADEPLAN_ENTRYPOINT_PRINT", "1");
    e.put("TRADEPLAN_LIB", Repository.serverLib().toString());
    List<String> cmd = new ArrayList<>(List.of("bash", script().toString()));
    cmd.addAll(command);
    return Shell.run(cmd, e, Repository.root(), Duration.ofSeconds(20));
  }

  /** The java command of {@code command}; fails the test when the entry point refuses it. */
  static JavaCommand javaCommand(List<String> command, Map<String, String> env) {
    Shell.Result r = print(command, env);
    assertThat(r.exit()).as("entry point %s: %s", command, r.stderr()).isZero();
    List<String> words = r.lines();
    assertThat(words).as("entry point %s printed", command).isNotEmpty().first().isEqualTo("java");
    int cp = words.indexOf("-cp");
    assertThat(cp).as("-cp in %s", words).isPositive();
    return new JavaCommand(
        List.copyOf(words.subList(1, cp)),
        words.get(cp + 1),
        words.get(cp + 2),
        List.copyOf(words.subList(cp + 3, words.size())));
  }

  /**
   * Asserts that {@code className} is on the server's built classpath (the jars the image copies)
   * with a {@code public static void main(String[])}; loads it without initializing it.
   */
  static void assertRunnable(String className) {
    Path lib = Repository.serverLib();
    assertThat(lib)
        .as("the server's classpath (run `mvn -pl src/server -am package` first)")
        .isDirectory();
    List<URL> jars = new ArrayList<>();
    try (Stream<Path> files = Files.list(lib)) {
      for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".jar"))::iterator) {
        jars.add(p.toUri().toURL());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (URLClassLoader loader = new URLClassLoader(jars.toArray(URL[]::new), null)) {
      Class<?> c = Class.forName(className, false, loader);
      Method main = c.getMethod("main", String[].class);
      assertThat(Modifier.isStatic(main.getModifiers()) && main.getReturnType() == void.class)
          .as("%s.main is a static void main(String[])", className)
          .isTrue();
    } catch (ClassNotFoundException | NoSuchMethodException e) {
      throw new AssertionError(className + " with a main method is not in " + lib, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
