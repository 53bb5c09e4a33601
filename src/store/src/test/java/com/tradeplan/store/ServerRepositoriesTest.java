package com.tradeplan.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The repositories of the server's own collections, against the embedded server. */
class ServerRepositoriesTest {
  @RegisterExtension static final TestMongo mongo = new TestMongo();

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  @Test
  void aUserIsStoredOnceAndReadBackWithItsHashAndRoles() {
    UserRepository users = new UserRepository(mongo.connectionTo(mongo.freshDatabase()));
    assertThat(users.count()).isZero();
    var bob = new UserRepository.StoredUser("bob", "hash-b", List.of("TRADER"), T0);
    var alice = new UserRepository.StoredUser("alice", "hash-a", List.of("ANALYST", "TRADER"), T0);

    assertThat(users.insert(bob)).isTrue();
    assertThat(users.insert(alice)).isTrue();
    assertThat(users.insert(new UserRepository.StoredUser("bob", "other", List.of(), T0)))
        .as("a taken name is refused, not overwritten")
        .isFalse();

    assertThat(users.count()).isEqualTo(2);
    assertThat(users.find("bob")).contains(bob);
    assertThat(users.find("carol")).isEmpty();
    assertThat(users.list(10)).as("by name").containsExactly(alice, bob);
    assertThat(users.list(1)).containsExactly(alice);
    assertThat(users.list("alice", 10)).as("after a name").containsExactly(bob);
  }

  @Test
  void aUserIsDisabledEnabledAndGetsANewPasswordHash() {
    UserRepository users = new UserRepository(mongo.connectionTo(mongo.freshDatabase()));
    users.insert(new UserRepository.StoredUser("bob", "hash-b", List.of("TRADER"), T0));

    assertThat(users.setDisabled("bob", true)).isTrue();
    assertThat(users.find("bob").orElseThrow().disabled()).isTrue();
    assertThat(users.setDisabled("bob", false)).isTrue();
    assertThat(users.find("bob").orElseThrow().disabled()).isFalse();
    assertThat(users.setPasswordHash("bob", "hash-new")).isTrue();
    assertThat(users.find("bob").orElseThrow().passwordHash()).isEqualTo("hash-new");
    assertThat(users.setDisabled("carol", true)).as("no such user").isFalse();
    assertThat(users.setPasswordHash("carol", "x")).isFalse();
  }

  @Test
  void aSessionIsFoundByItsTokenHashUntilDeletedOrPurgedAtItsExpiry() {
    SessionRepository sessions = new SessionRepository(mongo.connectionTo(mongo.freshDatabase()));
    var early =
        new SessionRepository.StoredSession(
            "h1", "alice", List.of("TRADER"), T0, T0.plusSeconds(60));
    var late =
        new SessionRepository.StoredSession(
            "h2", "bob", List.of("OPERATOR"), T0, T0.plusSeconds(120));
    sessions.insert(early);
    sessions.insert(late);

    assertThat(sessions.find("h1")).contains(early);
    assertThat(sessions.find("nope")).isEmpty();
    assertThat(sessions.deleteExpired(T0.plusSeconds(59))).isZero();
    assertThat(sessions.deleteExpired(T0.plusSeconds(60)))
        .as("a session expiring now is expired")
        .isEqualTo(1);
    assertThat(sessions.find("h1")).isEmpty();
    sessions.delete("h2");
    assertThat(sessions.find("h2")).isEmpty();
  }

  @Test
  void everySessionOfAUserIsDeletedAtOnce() {
    SessionRepository sessions = new SessionRepository(mongo.connectionTo(mongo.freshDatabase()));
    Instant end = T0.plusSeconds(60);
    sessions.insert(new SessionRepository.StoredSession("h1", "alice", List.of(), T0, end));
    sessions.insert(new SessionRepository.StoredSession("h2", "alice", List.of(), T0, end));
    sessions.insert(new SessionRepository.StoredSession("h3", "bob", List.of(), T0, end));

    assertThat(sessions.stored(List.of("h1", "h3", "h9"))).containsExactlyInAnyOrder("h1", "h3");
    assertThat(sessions.deleteByUsername("alice")).isEqualTo(2);
    assertThat(sessions.find("h1")).isEmpty();
    assertThat(sessions.find("h3")).isPresent();
  }

  @Test
  void anIdempotencyKeyIsClaimedOnceAnsweredOnceAndExpiresAfterItsTtl() {
    IdempotencyRepository keys =
        new IdempotencyRepository(mongo.connectionTo(mongo.freshDatabase()), Duration.ofHours(1));
    assertThat(keys.claim("alice", "k1", "f1", T0)).isTrue();
    assertThat(keys.claim("alice", "k1", "f2", T0)).as("claimed already").isFalse();
    assertThat(keys.claim("bob", "k1", "f1", T0)).as("keys are per owner").isTrue();
    assertThat(keys.find("alice", "k1")).contains(new IdempotencyRepository.StoredKey("f1", null));

    var answer = new IdempotencyRepository.Answer(201, "application/json", "{}", "/p/1", "\"1\"");
    keys.complete("alice", "k1", answer);
    assertThat(keys.find("alice", "k1"))
        .contains(new IdempotencyRepository.StoredKey("f1", answer));
    keys.release("alice", "k1");
    assertThat(keys.find("alice", "k1")).as("an answered key is not released").isPresent();
    keys.release("bob", "k1");
    assertThat(keys.find("bob", "k1")).as("a key in progress is").isEmpty();

    assertThat(keys.deleteExpired(T0.plus(Duration.ofHours(1)))).isZero();
    assertThat(keys.deleteExpired(T0.plus(Duration.ofHours(1)).plusMillis(1))).isEqualTo(1);
    assertThat(keys.find("alice", "k1")).isEmpty();
  }

  @Test
  void theAuditLogListsTheLatestEntriesNewestFirst() {
    MutableClock clock = new MutableClock(T0);
    AdminAuditLog audit = new AdminAuditLog(mongo.connectionTo(mongo.freshDatabase()), clock);
    audit.record("system", "user.create", "alice", Map.of("roles", List.of("TRADER")));
    clock.set(T0.plusSeconds(1));
    audit.record("oscar", "user.create", "bob", Map.of("reason", "new desk"));

    List<AdminAuditLog.Entry> latest = audit.latest(10);
    assertThat(latest).extracting(AdminAuditLog.Entry::target).containsExactly("bob", "alice");
    assertThat(latest.get(0))
        .isEqualTo(
            new AdminAuditLog.Entry(
                T0.plusSeconds(1), "oscar", "user.create", "bob", Map.of("reason", "new desk")));
    assertThat(latest.get(1).details()).isEqualTo(Map.of("roles", List.of("TRADER")));
    assertThat(audit.latest(1)).hasSize(1);
  }
}
