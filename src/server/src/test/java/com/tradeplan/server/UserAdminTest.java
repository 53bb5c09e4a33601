package com.tradeplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Operators disable and enable users and reset passwords (audited, never logging a password); a
 * disable or a reset ends every session of the user at once; the users list is paged.
 */
class UserAdminTest extends ServerTestBase {

  @Test
  void aDisabledUserCannotLogInAndLosesItsSessionsUntilEnabled() {
    String name = namedTrader("erin");
    String token = login(name, "first-password-1").body().get("token").asText();
    assertThat(call("GET", "/api/auth/me", token, null, Map.of()).status()).isEqualTo(200);

    Answer disabled = post("/api/ops/users/" + name + "/disable", "oscar", null);

    assertThat(disabled.status()).isEqualTo(200);
    assertThat(disabled.body().get("disabled").asBoolean()).isTrue();
    assertThat(call("GET", "/api/auth/me", token, null, Map.of()).status())
        .as("its session ended at once")
        .isEqualTo(401);
    Answer refused = login(name, "first-password-1");
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.body().get("type").asText()).endsWith("account-disabled");
    assertThat(login(name, "wrong-password-1").status())
        .as("without the password nothing says the account exists")
        .isEqualTo(401);

    assertThat(post("/api/ops/users/" + name + "/enable", "oscar", null).status()).isEqualTo(200);
    assertThat(login(name, "first-password-1").status()).isEqualTo(200);
    assertThat(audit(name)).contains("user.disable", "user.enable");
  }

  @Test
  void aPasswordResetEndsTheSessionsAndOnlyTheNewPasswordWorks() {
    String name = namedTrader("fred");
    String token = login(name, "first-password-1").body().get("token").asText();

    Answer reset =
        post(
            "/api/ops/users/" + name + "/password",
            "oscar",
            "{\"password\":\"second-password-2\"}");

    assertThat(reset.status()).isEqualTo(200);
    assertThat(call("GET", "/api/auth/me", token, null, Map.of()).status()).isEqualTo(401);
    assertThat(login(name, "first-password-1").status()).isEqualTo(401);
    assertThat(login(name, "second-password-2").status()).isEqualTo(200);
    Answer audit = get("/api/ops/audit", "oscar");
    assertThat(audit.raw().body()).doesNotContain("second-password-2");
    assertThat(audit(name)).contains("user.password.reset");
    assertThat(
            post("/api/ops/users/" + name + "/password", "oscar", "{\"password\":\"short\"}")
                .status())
        .isEqualTo(422);
    assertThat(post("/api/ops/users/nobody-here/disable", "oscar", null).status()).isEqualTo(404);
    assertThat(post("/api/ops/users/" + name + "/disable", "alice", null).status())
        .as("operators only")
        .isEqualTo(403);
  }

  @Test
  void theUsersListIsPaged() {
    Answer first = get("/api/ops/users?limit=2", "oscar");
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.body()).hasSize(2);
    String next = nextPage(first);
    assertThat(next).contains("after=" + first.body().get(1).get("username").asText());
    Answer second = get(next, "oscar");
    assertThat(second.body().get(0).get("username").asText())
        .isGreaterThan(first.body().get(1).get("username").asText());
    assertThat(get("/api/ops/users?limit=501", "oscar").status()).isEqualTo(400);
  }

  /** A new trader named {@code prefix} and a number, with the password first-password-1. */
  private String namedTrader(String prefix) {
    String name = prefix + "-" + System.nanoTime();
    createTrader(name, "first-password-1");
    return name;
  }

  private List<String> audit(String target) {
    List<String> actions = new java.util.ArrayList<>();
    get("/api/ops/audit", "oscar")
        .body()
        .forEach(
            e -> {
              if (target.equals(e.path("target").asText())) {
                actions.add(e.path("action").asText());
              }
            });
    return actions;
  }
}
