package com.tradeplan.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.store.EmbeddedMongo;
import com.tradeplan.store.MongoConfig;
import com.tradeplan.store.UserRepository;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Password checks are bounded; a disabled user is told so only with the right password. */
class UserStoreTest {
  private EmbeddedMongo mongo;
  private MongoConfig.MongoConnection connection;

  @BeforeEach
  void start() {
    mongo = EmbeddedMongo.startInMemory();
    connection =
        MongoConfig.fromEnvironment(Map.of("MONGODB_URI", mongo.connectionString())).connect();
  }

  @AfterEach
  void stop() {
    connection.close();
    mongo.close();
  }

  @Test
  void aLoginThatFindsEveryPasswordCheckTakenIsBusyWithoutChecking() throws Exception {
    GatedEncoder encoder = new GatedEncoder();
    UserStore users =
        new UserStore(new UserRepository(connection), encoder, 1, Duration.ofMillis(200));
    users.create("dora", "a-long-password-1", Set.of(Role.TRADER));
    encoder.gate = new CountDownLatch(1);

    CompletableFuture<UserStore.Login> first =
        CompletableFuture.supplyAsync(() -> users.authenticate("dora", "a-long-password-1"));
    assertThat(encoder.entered.await(5, TimeUnit.SECONDS)).isTrue();
    int checksBefore = encoder.checks;

    assertThat(users.authenticate("dora", "a-long-password-1"))
        .isInstanceOf(UserStore.Login.Busy.class);
    assertThat(encoder.checks).as("no BCrypt work for the busy answer").isEqualTo(checksBefore);

    encoder.gate.countDown();
    assertThat(first.get(5, TimeUnit.SECONDS)).isInstanceOf(UserStore.Login.Ok.class);
  }

  @Test
  void aDisabledUserIsToldOnlyWithTheRightPassword() {
    UserStore users = new UserStore(new UserRepository(connection), new GatedEncoder());
    users.create("dora", "a-long-password-1", Set.of(Role.TRADER));
    users.setDisabled("dora", true);

    assertThat(users.authenticate("dora", "wrong-password-1"))
        .isInstanceOf(UserStore.Login.Wrong.class);
    assertThat(users.authenticate("dora", "a-long-password-1"))
        .isInstanceOf(UserStore.Login.Disabled.class);
    users.setDisabled("dora", false);
    assertThat(users.authenticate("dora", "a-long-password-1"))
        .isInstanceOf(UserStore.Login.Ok.class);
    users.resetPassword("dora", "another-password-2");
    assertThat(users.authenticate("dora", "a-long-password-1"))
        .isInstanceOf(UserStore.Login.Wrong.class);
    assertThat(users.authenticate("dora", "another-password-2"))
        .isInstanceOf(UserStore.Login.Ok.class);
  }

  /** A fake BCrypt: "hash" is the password reversed; a check can be held at a gate. */
  private static final class GatedEncoder implements PasswordEncoder {
    volatile CountDownLatch gate = new CountDownLatch(0);
    final CountDownLatch entered = new CountDownLatch(1);
    volatile int checks;

    @Override
    public String encode(CharSequence raw) {
      return new StringBuilder(raw).reverse().toString();
    }

    @Override
    public boolean matches(CharSequence raw, String encoded) {
      checks++;
      entered.countDown();
      try {
        gate.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return encode(raw).equals(encoded);
    }
  }
}
