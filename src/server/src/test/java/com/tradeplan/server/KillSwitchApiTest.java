package com.tradeplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradeplan.broker.KillScope;
import com.tradeplan.runtime.KillReason;
import com.tradeplan.server.killswitch.KillSwitchCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Who may press and release which kill switch over the API, and that both are audited
 * (docs/kill-switch.md). The server is shared with other API tests: no test here engages the global
 * switch, and every switch engaged is released after each test.
 */
class KillSwitchApiTest extends ServerTestBase {
  @AfterEach
  void releaseEverything() {
    for (var e : platform.killSwitch().engagements()) {
      platform.killSwitch().release(e.scope(), e.reason());
    }
  }

  @Test
  void aTraderEngagesTheirOwnSwitchOnlyAndCannotReleaseIt() {
    Answer own =
        post(
            "/api/kill-switch/engage",
            "alice",
            "{\"scope\":\"user:alice\",\"reason\":\"stepping away\"}");
    assertThat(own.status()).isEqualTo(200);
    assertThat(own.body().get("stored").asBoolean()).isTrue();
    assertThat(scopes(get("/api/kill-switch", "alice").body())).containsExactly("user:alice");
    assertThat(scopes(get("/api/kill-switch", "bob").body()))
        .as("bob does not see alice's switch")
        .isEmpty();
    assertThat(scopes(get("/api/kill-switch", "oscar").body())).containsExactly("user:alice");

    assertThat(
            post("/api/kill-switch/engage", "alice", "{\"scope\":\"user:bob\",\"reason\":\"no\"}")
                .status())
        .isEqualTo(403);
    assertThat(
            post("/api/kill-switch/engage", "alice", "{\"scope\":\"global\",\"reason\":\"no\"}")
                .status())
        .isEqualTo(403);
    assertThat(
            post("/api/kill-switch/release", "alice", "{\"scope\":\"user:alice\",\"why\":\"back\"}")
                .status())
        .as("releasing is an operator's decision")
        .isEqualTo(403);
    assertThat(get("/api/kill-switch", "ana").status()).as("an analyst has no say").isEqualTo(403);
  }

  @Test
  void anOperatorEngagesAnyScopeAndReleasesWithWhoAndWhyInTheAuditLog() {
    Answer engaged =
        post(
            "/api/kill-switch/engage",
            "oscar",
            "{\"scope\":\"account:DU999\",\"reason\":\"margin call\",\"flatten\":true}");
    assertThat(engaged.status()).isEqualTo(200);
    JsonNode sw = engaged.body().get("engaged").get(0);
    assertThat(sw.get("scope").asText()).isEqualTo("account:DU999");
    assertThat(sw.get("reason").asText()).isEqualTo("OPERATOR");
    assertThat(sw.get("words").asText()).isEqualTo("margin call");
    assertThat(sw.get("actor").asText()).isEqualTo("oscar");
    assertThat(sw.get("flatten").asBoolean()).isTrue();
    assertThat(platform.killSwitch().engagements()).hasSize(1);

    assertThat(post("/api/kill-switch/release", "oscar", "{\"scope\":\"account:DU999\"}").status())
        .as("a release says why")
        .isEqualTo(422);
    Answer released =
        post(
            "/api/kill-switch/release",
            "oscar",
            "{\"scope\":\"account:DU999\",\"why\":\"margin restored\"}");
    assertThat(released.status()).isEqualTo(200);
    assertThat(released.body().get("engaged")).isEmpty();
    assertThat(platform.killSwitch().engagements()).isEmpty();
    assertThat(
            post(
                    "/api/kill-switch/release",
                    "oscar",
                    "{\"scope\":\"account:DU999\",\"why\":\"again\"}")
                .status())
        .isEqualTo(409);

    JsonNode audit = get("/api/ops/audit", "oscar").body();
    JsonNode release = audit.get(0);
    assertThat(release.get("action").asText()).isEqualTo("killswitch.release");
    assertThat(release.get("actor").asText()).isEqualTo("oscar");
    assertThat(release.get("target").asText()).isEqualTo("account:DU999");
    assertThat(release.get("details").get("why").asText()).isEqualTo("margin restored");
    JsonNode engage = audit.get(1);
    assertThat(engage.get("action").asText()).isEqualTo("killswitch.engage");
    assertThat(engage.get("details").get("reason").asText()).isEqualTo("margin call");
    assertThat(engage.get("details").get("flatten").asBoolean()).isTrue();
  }

  @Test
  void badScopesAndReasonsAreRefused() {
    for (String scope : List.of("", "everything", "user:", "user:a b", "desk:x")) {
      assertThat(
              post(
                      "/api/kill-switch/engage",
                      "oscar",
                      "{\"scope\":\"" + scope + "\",\"reason\":\"r\"}")
                  .status())
          .as(scope)
          .isEqualTo(422);
    }
    assertThat(
            post("/api/kill-switch/engage", "oscar", "{\"scope\":\"user:carol\",\"reason\":\" \"}")
                .status())
        .isEqualTo(422);
    assertThat(platform.killSwitch().engagements()).isEmpty();
    // An automatic reason is released by an operator under its own name.
    platform
        .killSwitch()
        .engage(KillScope.user("carol"), KillReason.DAILY_LOSS_LIMIT, "-5000", "limits", false);
    assertThat(
            post(
                    "/api/kill-switch/release",
                    "oscar",
                    "{\"scope\":\"user:carol\",\"why\":\"new day\",\"reason\":\"DAILY_LOSS_LIMIT\"}")
                .status())
        .isEqualTo(200);
  }

  @Test
  void theCliEngagesShowsAndReleasesThroughTheApi() {
    Map<String, String> env =
        Map.of(
            "TRADEPLAN_URL", base(),
            "TRADEPLAN_USER", "oscar",
            "TRADEPLAN_PASSWORD", "oscar-demo-password");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] engage = {"engage", "--scope", "user:carol", "--reason", "cli test", "--flatten"};
    assertThat(KillSwitchCli.run(engage, env, new PrintStream(out), new PrintStream(err)))
        .as(err.toString())
        .isZero();
    assertThat(out.toString()).contains("ENGAGED user:carol OPERATOR \"cli test\" by oscar");
    assertThat(platform.killSwitch().engagements()).hasSize(1);

    out.reset();
    assertThat(
            KillSwitchCli.run(
                new String[] {"status"}, env, new PrintStream(out), new PrintStream(err)))
        .isZero();
    assertThat(out.toString()).contains("ENGAGED user:carol");

    assertThat(
            KillSwitchCli.run(
                new String[] {"release", "--scope", "user:carol"},
                env,
                new PrintStream(out),
                new PrintStream(err)))
        .as("a release says why")
        .isEqualTo(2);
    out.reset();
    assertThat(
            KillSwitchCli.run(
                new String[] {"release", "--scope", "user:carol", "--reason", "done"},
                env,
                new PrintStream(out),
                new PrintStream(err)))
        .isZero();
    assertThat(out.toString()).contains("no kill switch engaged");
    assertThat(
            KillSwitchCli.run(
                new String[] {"status"},
                Map.of("TRADEPLAN_URL", base(), "TRADEPLAN_TOKEN", "not-a-token"),
                new PrintStream(out),
                new PrintStream(err)))
        .isEqualTo(1);
  }

  private static List<String> scopes(JsonNode state) {
    List<String> out = new ArrayList<>();
    state.get("engaged").forEach(s -> out.add(s.get("scope").asText()));
    return out;
  }
}
