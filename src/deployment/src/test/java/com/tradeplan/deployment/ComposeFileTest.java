package com.tradeplan.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker/docker-compose.yml, read as docker compose reads it (no compose plugin here to run {@code
 * docker compose config}): every variable has a default or is in env.example, every file it names
 * exists, every port is on loopback, secrets are files and never values, every service's command
 * starts the right main class, and the members' network is theirs alone.
 */
class ComposeFileTest {
  private static final Path DOCKER = Repository.docker();
  private static final Map<String, String> EXAMPLE =
      ComposeFile.envFile(DOCKER.resolve("env.example"));
  private static final ComposeFile COMPOSE = ComposeFile.load(EXAMPLE);

  /** The services that run the Tradeplan image, and the roles of the entry point they start. */
  static List<String> members() {
    return COMPOSE.services().stream()
        .filter(s -> List.of("member").equals(COMPOSE.list(s, "command")))
        .toList();
  }

  @Test
  void everyVariableHasADefaultOrIsInEnvExampleAndTheirDefaultsAgree() {
    Map<String, String> defaults = new HashMap<>();
    for (ComposeFile.Reference r : ComposeFile.references()) {
      assertThat(r.fallback() != null || EXAMPLE.containsKey(r.name()))
          .as("${%s} has a default in docker-compose.yml or a line in env.example", r.name())
          .isTrue();
      if (r.fallback() != null) {
        String earlier = defaults.putIfAbsent(r.name(), r.fallback());
        assertThat(earlier == null ? r.fallback() : earlier)
            .as("every default of ${%s} is the same", r.name())
            .isEqualTo(r.fallback());
        if (EXAMPLE.containsKey(r.name())) {
          assertThat(EXAMPLE.get(r.name()))
              .as("env.example's %s is docker-compose.yml's default", r.name())
              .isEqualTo(r.fallback());
        }
      }
    }
    assertThat(new TreeSet<>(EXAMPLE.keySet()))
        .as("env.example documents only variables docker-compose.yml uses")
        .isSubsetOf(ComposeFile.references().stream().map(ComposeFile.Reference::name).toList());
    // as an operator would start it: with the example's settings, and with no .env at all
    assertThat(ComposeFile.load(Map.of()).services()).isEqualTo(COMPOSE.services());
  }

  @Test
  void theDeploymentHasThreeMembersAReplicaSetTheGatewayAndMonitoring() {
    assertThat(members()).containsExactly("tradeplan1", "tradeplan2", "tradeplan3");
    assertThat(COMPOSE.services())
        .contains("mongo1", "mongo2", "mongo3", "mongo-init", "ib-gateway")
        .contains("prometheus", "alertmanager", "grafana");
  }

  @Test
  void everyPublishedPortIsBoundToLoopback() {
    for (Map<String, String> vars : List.of(EXAMPLE, Map.<String, String>of())) {
      ComposeFile compose = ComposeFile.load(vars);
      for (String service : compose.services()) {
        for (String port : compose.list(service, "ports")) {
          assertThat(port).as("%s publishes %s", service, port).startsWith("127.0.0.1:");
        }
      }
    }
    assertThat(ComposeFile.text()).doesNotContain("0.0.0.0:");
  }

  @Test
  void everyFileTheServicesMountOrBuildFromExists() {
    int files = 0;
    for (String service : COMPOSE.services()) {
      Object build = COMPOSE.service(service).get("build");
      if (build instanceof Map<?, ?> b) {
        Path context = DOCKER.resolve(String.valueOf(b.get("context"))).normalize();
        assertThat(context.resolve(String.valueOf(b.get("dockerfile"))))
            .as(service)
            .isRegularFile();
        files++;
      }
      for (String volume : COMPOSE.list(service, "volumes")) {
        String host = volume.substring(0, volume.indexOf(':'));
        if (host.startsWith(".")) {
          assertThat(DOCKER.resolve(host)).as("%s mounts %s", service, host).exists();
          files++;
        } else {
          assertThat(COMPOSE.section("volumes"))
              .as("%s's named volume %s is declared", service, host)
              .containsKey(host);
        }
      }
    }
    assertThat(files).isGreaterThan(10);
  }

  @Test
  void secretsAreFilesMadeByMakeSecretsAndNeverValues(@TempDir Path dir) {
    Pattern secretish = Pattern.compile("(?i).*(PASSWORD|SECRET|TOKEN|CREDENTIAL|KEYFILE).*");
    Map<String, Object> declared = COMPOSE.section("secrets");
    for (String service : COMPOSE.services()) {
      List<String> mounted = COMPOSE.list(service, "secrets");
      mounted.forEach(s -> assertThat(declared).as("%s's secret %s", service, s).containsKey(s));
      COMPOSE
          .environment(service)
          .forEach(
              (k, v) -> {
                if (secretish.matcher(k).matches()) {
                  assertThat(k)
                      .as("%s: %s must name a file, not hold a value", service, k)
                      .endsWith("_FILE");
                }
                if (v.startsWith("/run/secrets/")) {
                  assertThat(mounted)
                      .as("%s reads %s=%s: the secret is mounted", service, k, v)
                      .contains(v.substring("/run/secrets/".length()));
                }
              });
    }
    Shell.Result made =
        Shell.run(
            List.of("bash", DOCKER.resolve("make-secrets.sh").toString(), dir.toString()),
            Map.of(),
            Repository.root(),
            Duration.ofSeconds(20));
    assertThat(made.exit()).as(made.stderr()).isZero();
    for (String name : declared.keySet()) {
      Object file = ((Map<?, ?>) declared.get(name)).get("file");
      assertThat(String.valueOf(file)).isEqualTo("./secrets/" + name);
      assertThat(dir.resolve(name)).as("make-secrets.sh makes %s", name).isRegularFile();
      assertThat(gitIgnores("docker/secrets/" + name))
          .as("docker/secrets/%s is ignored by git", name)
          .isTrue();
    }
    assertThat(gitIgnores("docker/.env")).isTrue();
    assertThat(gitIgnores("docker/secrets/README.md")).isFalse();
  }

  @Test
  void dependenciesNameServicesThatCanMeetTheirConditions() {
    for (String service : COMPOSE.services()) {
      Object deps = COMPOSE.service(service).get("depends_on");
      if (!(deps instanceof Map<?, ?> m)) {
        continue;
      }
      m.forEach(
          (target, how) -> {
            String t = String.valueOf(target);
            assertThat(COMPOSE.services()).as("%s depends on %s", service, t).contains(t);
            String condition = String.valueOf(((Map<?, ?>) how).get("condition"));
            if (condition.equals("service_healthy")) {
              assertThat(COMPOSE.service(t).containsKey("healthcheck") || runsTheImage(t))
                  .as("%s waits for %s to be healthy: it needs a health check", service, t)
                  .isTrue();
            } else if (condition.equals("service_completed_successfully")) {
              assertThat(String.valueOf(COMPOSE.service(t).get("restart")))
                  .as("%s waits for %s to end: it must not restart", service, t)
                  .isEqualTo("no");
            }
          });
    }
  }

  @Test
  void theMembersNetworkCarriesHazelcastAndNothingElse() {
    Map<?, ?> networks = COMPOSE.section("networks");
    assertThat(((Map<?, ?>) networks.get("members")).get("internal")).isEqualTo(Boolean.TRUE);
    for (String service : COMPOSE.services()) {
      boolean onMembers = COMPOSE.list(service, "networks").contains("members");
      assertThat(onMembers)
          .as("%s on the members network", service)
          .isEqualTo(members().contains(service));
    }
    for (String member : members()) {
      Map<?, ?> attachment =
          (Map<?, ?>) ((Map<?, ?>) COMPOSE.service(member).get("networks")).get("members");
      String host = COMPOSE.environment(member).get("TRADEPLAN_CLUSTER_HOST");
      assertThat(String.valueOf(attachment.get("aliases")))
          .as("%s binds %s, its own name on the members network only", member, host)
          .isEqualTo("[" + host + "]");
    }
  }

  @Test
  void everyServiceOfTheImageStartsTheRightMainClass() {
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("member", "com.tradeplan.server.Main serve");
    expected.put("paper-gateway", "com.tradeplan.gateway.PaperGatewayMain");
    int checked = 0;
    for (String service : COMPOSE.services()) {
      if (!runsTheImage(service)) {
        continue;
      }
      List<String> command = COMPOSE.list(service, "command");
      assertThat(expected).as("%s's role %s", service, command).containsKey(command.get(0));
      ImageEntrypoint.JavaCommand java =
          ImageEntrypoint.javaCommand(command, COMPOSE.environment(service));
      String main = expected.get(command.get(0));
      assertThat(
              java.mainClass()
                  + (java.args().isEmpty() || !main.contains(" ") ? "" : " " + java.args().get(0)))
          .as(service)
          .isEqualTo(main);
      ImageEntrypoint.assertRunnable(java.mainClass());
      checked++;
    }
    assertThat(checked).isEqualTo(4);
    // the gateway listens where the members look for it
    List<String> gateway = COMPOSE.list("ib-gateway", "command");
    String port = gateway.get(gateway.indexOf("--port") + 1);
    for (String member : members()) {
      assertThat(COMPOSE.environment(member))
          .containsEntry("IB_HOST", "ib-gateway")
          .containsEntry("IB_PORT", port);
    }
  }

  @Test
  void aMemberWithoutItsClusterSettingsRefusesToStart() {
    Shell.Result r = ImageEntrypoint.print(List.of("member"), Map.of());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.stderr()).contains("TRADEPLAN_CLUSTER_MEMBERS");
    Shell.Result unknown = ImageEntrypoint.print(List.of("shell"), Map.of());
    assertThat(unknown.exit()).isEqualTo(2);
  }

  private static boolean runsTheImage(String service) {
    Object build = COMPOSE.service(service).get("build");
    return build instanceof Map<?, ?> b && "docker/Dockerfile".equals(b.get("dockerfile"));
  }

  private static boolean gitIgnores(String path) {
    Shell.Result r =
        Shell.run(
            new ArrayList<>(List.of("git", "check-ignore", "-q", "--no-index", path)),
            Map.of(),
            Repository.root(),
            Duration.ofSeconds(10));
    assertThat(r.exit()).as("git check-ignore %s: %s", path, r.stderr()).isIn(0, 1);
    return r.exit() == 0;
  }

  static Set<String> memberSet() {
    return Set.copyOf(members());
  }
}
