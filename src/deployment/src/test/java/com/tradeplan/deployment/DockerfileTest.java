package com.tradeplan.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.deployment.DockerfileParser.Instruction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docker/Dockerfile, read instruction by instruction (no Docker engine here to build it): the three
 * stages and what each must do, every file it copies present in the build context and not left out
 * by .dockerignore, every variable it uses declared in its stage, and the JVM flags the same as the
 * ones the build and the tests use.
 */
class DockerfileTest {
  private static final List<Instruction> DOCKERFILE =
      DockerfileParser.parse(Repository.read(Repository.docker().resolve("Dockerfile")));

  private static List<Instruction> stage(int stage) {
    return DOCKERFILE.stream().filter(i -> i.stage() == stage).toList();
  }

  private static List<Instruction> all(int stage, String keyword) {
    return stage(stage).stream().filter(i -> i.keyword().equals(keyword)).toList();
  }

  private static Instruction only(int stage, String keyword) {
    List<Instruction> found = all(stage, keyword);
    assertThat(found).as("%s in stage %d", keyword, stage).hasSize(1);
    return found.get(0);
  }

  private static String runs(int stage) {
    return String.join("\n", all(stage, "RUN").stream().map(Instruction::raw).toList());
  }

  @Test
  void threeStagesBuildTheUiThePlatformAndARuntimeOnAJre() {
    List<Instruction> froms = DOCKERFILE.stream().filter(i -> i.keyword().equals("FROM")).toList();
    assertThat(froms).extracting(Instruction::raw).hasSize(3);
    assertThat(froms.get(0).raw()).matches("node:\\d+[^ ]* AS ui");
    assertThat(froms.get(1).raw()).matches("eclipse-temurin:17-jdk[^ ]* AS build");
    assertThat(froms.get(2).raw()).matches("eclipse-temurin:17-jre[^ ]* AS runtime");
  }

  @Test
  void theUiIsBuiltFromItsLockFileWithNpmCiThenNpmRunBuild() {
    assertThat(only(0, "WORKDIR").raw()).isEqualTo("/src/admin-ui");
    List<Instruction> ui = stage(0);
    int lockCopied =
        indexOf(ui, i -> i.keyword().equals("COPY") && i.raw().contains("package-lock.json"));
    int ci = indexOf(ui, i -> i.keyword().equals("RUN") && i.raw().startsWith("npm ci"));
    int build = indexOf(ui, i -> i.keyword().equals("RUN") && i.raw().equals("npm run build"));
    assertThat(lockCopied)
        .as("the lock file is copied before npm ci")
        .isNotNegative()
        .isLessThan(ci);
    assertThat(ci).as("npm ci before npm run build").isLessThan(build);
    assertThat(Repository.read(Repository.root().resolve("admin-ui/package.json")))
        .as("admin-ui has the build script the image runs")
        .contains("\"build\":");
  }

  @Test
  void thePlatformIsBuiltWithTheMavenWrapperAroundTheUiTheFirstStageBuilt() {
    String mvn = runs(1);
    assertThat(mvn)
        .contains("./mvnw ")
        .contains("-DskipTests")
        .contains("-Dskip.ui=true")
        .contains("-pl src/server -am")
        .containsPattern("\\b(install|package)\\b");
    Instruction dist =
        all(1, "COPY").stream()
            .filter(i -> "ui".equals(i.flags().get("from")))
            .findFirst()
            .orElseThrow();
    assertThat(dist.arguments()).containsExactly("/src/admin-ui/dist/", "admin-ui/dist/");
    assertThat(Repository.read(Repository.root().resolve("admin-ui/pom.xml")))
        .as("the admin-ui module packages the dist/ the first stage copied in")
        .contains("<directory>${project.basedir}/dist</directory>");
  }

  @Test
  void everyModuleOfTheReactorIsInTheBuildStage() {
    List<String> copied = new ArrayList<>();
    for (Instruction c : all(1, "COPY")) {
      if (!c.flags().containsKey("from")) {
        copied.addAll(c.arguments().subList(0, c.arguments().size() - 1));
      }
    }
    Matcher m =
        Pattern.compile("<module>([^<]+)</module>")
            .matcher(Repository.read(Repository.root().resolve("pom.xml")));
    int modules = 0;
    while (m.find()) {
      String pom = m.group(1) + "/pom.xml";
      modules++;
      assertThat(copied.stream().anyMatch(src -> covers(src, pom)))
          .as("%s is copied into the build stage (Maven reads every module's pom)", pom)
          .isTrue();
    }
    assertThat(modules).isGreaterThan(10);
    assertThat(copied).contains("mvnw", "pom.xml", ".mvn/");
  }

  @Test
  void everyFileCopiedFromTheContextExistsAndIsNotIgnored() {
    List<Pattern> ignored = dockerignore();
    int sources = 0;
    for (Instruction c : DOCKERFILE) {
      if (!c.keyword().equals("COPY") || c.flags().containsKey("from")) {
        continue;
      }
      for (String src : c.arguments().subList(0, c.arguments().size() - 1)) {
        sources++;
        Path p = Repository.root().resolve(src);
        assertThat(Files.exists(p)).as("COPY source %s (line %d) exists", src, c.line()).isTrue();
        String rel = src.replaceAll("/+$", "");
        for (String prefix = rel; !prefix.isEmpty(); prefix = parent(prefix)) {
          String candidate = prefix;
          assertThat(ignored)
              .as("COPY source %s is left out of the context by .dockerignore", src)
              .noneMatch(pattern -> pattern.matcher(candidate).matches());
        }
      }
    }
    assertThat(sources).isGreaterThan(8);
    assertThat(Repository.read(Repository.root().resolve(".dockerignore")))
        .as("the secrets and the operator's settings never enter a build context")
        .contains("docker/secrets/", "docker/.env", "**/target/", "**/node_modules/");
  }

  @Test
  void theRuntimeRunsAsAnUnprivilegedUserWithTheServersClasspath() {
    String user = only(2, "USER").raw();
    assertThat(user).matches("[1-9]\\d{3,}:[1-9]\\d{3,}");
    String uid = user.substring(0, user.indexOf(':'));
    assertThat(runs(2)).contains("useradd --system --uid " + uid);
    Instruction lib =
        all(2, "COPY").stream()
            .filter(i -> "build".equals(i.flags().get("from")))
            .findFirst()
            .orElseThrow();
    assertThat(lib.arguments()).containsExactly("/src/src/server/target/lib/", "/app/lib/");
    assertThat(Repository.read(Repository.root().resolve("src/server/pom.xml")))
        .as("the server's build fills target/lib with its runtime classpath")
        .contains("<outputDirectory>${project.build.directory}/lib</outputDirectory>");
    assertThat(only(2, "EXPOSE").arguments()).contains("8080", "5701");
    assertThat(only(2, "VOLUME").arguments()).containsExactly("/data");
  }

  @Test
  void theEntryPointAndTheHealthCheckAreTheScriptsOfDockerAndExecutable() {
    Map<String, String> installed = new java.util.HashMap<>();
    for (Instruction c : all(2, "COPY")) {
      if (!c.flags().containsKey("from")) {
        assertThat(c.flags().get("chmod"))
            .as("%s is executable", c.raw())
            .matches("0?5[05]5|0?755");
        installed.put(c.arguments().get(1), c.arguments().get(0));
      }
    }
    Instruction entrypoint = only(2, "ENTRYPOINT");
    assertThat(entrypoint.jsonForm()).as("exec form: java becomes PID 1's child via exec").isTrue();
    assertThat(installed.get(entrypoint.arguments().get(0)))
        .isEqualTo("docker/tradeplan-container.sh");
    Instruction cmd = only(2, "CMD");
    assertThat(cmd.arguments()).containsExactly("server");
    Instruction health = only(2, "HEALTHCHECK");
    assertThat(health.jsonForm()).isTrue();
    assertThat(installed.get(health.arguments().get(0))).isEqualTo("docker/healthcheck.sh");
    assertThat(Repository.read(Repository.docker().resolve("healthcheck.sh")))
        .as("the health check asks for readiness (store up and IB link READY)")
        .contains("/actuator/health/readiness");
    assertThat(health.flags()).containsKeys("interval", "timeout", "start-period", "retries");
  }

  @Test
  void theJvmIsToldAboutTheContainerAndGetsHazelcastsFlags() {
    Map<String, String> env = DockerfileParser.pairs(only(2, "ENV"));
    assertThat(env.get("JAVA_OPTS")).contains("-XX:MaxRAMPercentage=").contains("-XX:+UseZGC");
    assertThat(env).containsEntry("TRADEPLAN_DATA_DIR", "/data");
    assertThat(env).containsEntry("LOGGING_STRUCTURED_FORMAT_CONSOLE", "logstash");
    // the rule-set test needs the shipped scenarios and the reference simulation in the image
    assertThat(env)
        .containsEntry("TRADEPLAN_SCENARIOS_DIR", "/app/rules/scenarios")
        .containsEntry("TRADEPLAN_REFERENCE_DIR", "/app/rules/reference");
    List<List<String>> copied =
        all(2, "COPY").stream()
            .filter(i -> "build".equals(i.flags().get("from")))
            .map(Instruction::arguments)
            .toList();
    assertThat(copied)
        .contains(
            List.of("/src/rules/scenarios/", "/app/rules/scenarios/"),
            List.of("/src/rules/reference/", "/app/rules/reference/"));
    ImageEntrypoint.JavaCommand server = ImageEntrypoint.javaCommand(List.of("server"), Map.of());
    assertThat(String.join(" ", server.jvmOptions()))
        .as("the entry point's Hazelcast flags are pom.xml's hazelcast.jvm.flags")
        .isEqualTo(pomProperty("hazelcast.jvm.flags"));
  }

  @Test
  void theLabelsCarryTheVersionAndCommitGivenAsBuildArguments() {
    Map<String, String> labels = DockerfileParser.pairs(only(2, "LABEL"));
    assertThat(labels)
        .containsEntry("org.opencontainers.image.version", "${VERSION}")
        .containsEntry("org.opencontainers.image.revision", "${REVISION}");
    Set<String> global = new HashSet<>();
    DOCKERFILE.stream()
        .filter(i -> i.stage() == -1 && i.keyword().equals("ARG"))
        .forEach(i -> global.addAll(DockerfileParser.pairs(i).keySet()));
    assertThat(global).contains("VERSION", "REVISION");
  }

  @Test
  void everyVariableAStageUsesIsDeclaredInThatStage() {
    Pattern variable = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)");
    for (int stage = 0; stage <= 2; stage++) {
      Set<String> declared = new HashSet<>();
      for (Instruction i : stage(stage)) {
        if (i.keyword().equals("LABEL") || i.keyword().equals("ENV")) {
          Matcher m = variable.matcher(i.raw());
          while (m.find()) {
            assertThat(declared)
                .as(
                    "${%s} on line %d: an ARG before FROM must be declared again in its stage",
                    m.group(1), i.line())
                .contains(m.group(1));
          }
        }
        if (i.keyword().equals("ARG") || i.keyword().equals("ENV")) {
          declared.addAll(DockerfileParser.pairs(i).keySet());
        }
      }
    }
  }

  @Test
  void theParserRefusesWhatItCannotRead() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> DockerfileParser.parse("FROM x\nRUN <<EOF\necho\nEOF\n"))
        .hasMessageContaining("heredocs");
    List<Instruction> read =
        DockerfileParser.parse(
            "# syntax=docker/dockerfile:1\nARG A=1\nFROM x AS y\n"
                + "RUN --mount=type=cache,target=/c a \\\n  # note\n  b\nCMD [\"c\", \"d e\"]\n");
    assertThat(read).extracting(Instruction::keyword).containsExactly("ARG", "FROM", "RUN", "CMD");
    assertThat(read.get(2).flags()).containsEntry("mount", "type=cache,target=/c");
    assertThat(read.get(2).raw()).isEqualTo("a    b");
    assertThat(read.get(3).arguments()).containsExactly("c", "d e");
    assertThat(read.get(0).stage()).isEqualTo(-1);
  }

  static String pomProperty(String name) {
    Matcher m =
        Pattern.compile("<" + Pattern.quote(name) + ">([^<]*)</" + Pattern.quote(name) + ">")
            .matcher(Repository.read(Repository.root().resolve("pom.xml")));
    assertThat(m.find()).as("property %s in pom.xml", name).isTrue();
    return m.group(1).strip().replaceAll("\\s+", " ");
  }

  /** .dockerignore's patterns as regular expressions over paths relative to the context. */
  private static List<Pattern> dockerignore() {
    List<Pattern> out = new ArrayList<>();
    for (String line : Repository.read(Repository.root().resolve(".dockerignore")).split("\n")) {
      String p = line.strip();
      if (p.isEmpty() || p.startsWith("#")) {
        continue;
      }
      assertThat(p)
          .as(".dockerignore: exceptions (!) are not read by this check")
          .doesNotStartWith("!");
      p = p.replaceAll("/+$", "");
      StringBuilder re = new StringBuilder();
      for (int i = 0; i < p.length(); i++) {
        char ch = p.charAt(i);
        if (p.startsWith("**/", i)) {
          re.append("(.*/)?");
          i += 2;
        } else if (ch == '*') {
          re.append("[^/]*");
        } else if (ch == '?') {
          re.append("[^/]");
        } else {
          re.append(Pattern.quote(String.valueOf(ch)));
        }
      }
      out.add(Pattern.compile(re.toString()));
    }
    return out;
  }

  private static boolean covers(String copied, String path) {
    String c = copied.replaceAll("/+$", "");
    return path.equals(c) || path.startsWith(c + "/");
  }

  private static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  private static int indexOf(List<Instruction> list, java.util.function.Predicate<Instruction> p) {
    for (int i = 0; i < list.size(); i++) {
      if (p.test(list.get(i))) {
        return i;
      }
    }
    return -1;
  }
}
