package com.tradeplan.server.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.store.EmbeddedMongo;
import com.tradeplan.store.KillSwitchRecords;
import com.tradeplan.store.MongoConfig;
import com.tradeplan.store.UserRepository;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup and restore commands on the embedded store's file, as {@code ./tradeplan} runs them: a
 * round trip between two data directories, the refusals (a store in use, a store that is not empty,
 * a deployment that cannot say whether a platform is connected).
 */
class BackupCliTest {
  private static final Instant T0 = Instant.parse("2026-12-04T21:00:00Z");
  private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

  @TempDir Path tmp;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String command, Map<String, String> env, String... args) {
    out.reset();
    err.reset();
    return BackupCli.run(
        command,
        args,
        env,
        CLOCK,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private static Map<String, String> dataDir(Path dir) {
    return Map.of("TRADEPLAN_DATA_DIR", dir.toString());
  }

  private static void seed(Path dataDir, String user) {
    try (MongoConfig.MongoConnection c = MongoConfig.fromEnvironment(dataDir(dataDir)).connect()) {
      new UserRepository(c)
          .insert(new UserRepository.StoredUser(user, "hash", List.of("TRADER"), T0));
      new KillSwitchRecords(c)
          .put(new KillSwitchRecords.Stored("global", "operator", "drill", "oscar", T0, false));
    }
  }

  private static List<String> users(Path dataDir) {
    try (MongoConfig.MongoConnection c = MongoConfig.fromEnvironment(dataDir(dataDir)).connect()) {
      return new UserRepository(c)
          .list(100).stream().map(UserRepository.StoredUser::username).toList();
    }
  }

  @Test
  void aBackupOfOneDataDirectoryRestoresIntoAnEmptyOne() {
    Path from = tmp.resolve("from");
    Path to = tmp.resolve("to");
    seed(from, "alice");
    Path backup = tmp.resolve("backup");

    assertThat(run("backup", dataDir(from), backup.toString())).as(err()).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("users: 1", "kill_switch: 1");
    assertThat(run("restore", dataDir(to), backup.toString())).as(err()).isZero();

    assertThat(users(to)).containsExactly("alice");
  }

  @Test
  void aStoreThatIsNotEmptyIsReplacedOnlyWithForce() {
    Path from = tmp.resolve("from");
    Path to = tmp.resolve("to");
    seed(from, "alice");
    seed(to, "zed");
    Path backup = tmp.resolve("backup");
    assertThat(run("backup", dataDir(from), backup.toString())).isZero();

    assertThat(run("restore", dataDir(to), backup.toString())).isEqualTo(1);
    assertThat(err()).contains("not empty").contains("--force");
    assertThat(users(to)).containsExactly("zed");

    assertThat(run("restore", dataDir(to), backup.toString(), "--force")).as(err()).isZero();
    assertThat(users(to)).containsExactly("alice");
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("replaced contents were saved to " + backup + ".replaced-20261204T210000Z");
  }

  @Test
  void theStoreOfARunningPlatformIsRefused() {
    Path data = tmp.resolve("data");
    seed(data, "alice");
    MongoConfig config = MongoConfig.fromEnvironment(dataDir(data));
    try (EmbeddedMongo running = EmbeddedMongo.start(config.embeddedFile())) {
      assertThat(run("backup", dataDir(data), tmp.resolve("b").toString())).isEqualTo(1);
      assertThat(err())
          .contains("is in use: a platform")
          .contains(config.embeddedFile().toString());
      assertThat(run("restore", dataDir(data), tmp.resolve("b").toString())).isEqualTo(1);
      assertThat(err()).contains("is in use: a platform");
    }
    assertThat(tmp.resolve("b")).doesNotExist();
  }

  @Test
  void aDeploymentThatCannotNameItsClientsIsRefused() {
    try (EmbeddedMongo deployment = EmbeddedMongo.startInMemory()) {
      Map<String, String> env = Map.of("MONGODB_URI", deployment.connectionString());
      assertThat(run("backup", env, tmp.resolve("b").toString())).isEqualTo(1);
      assertThat(err()).contains("cannot tell whether a platform is connected");
    }
  }

  @Test
  void usageErrorsExitTwo() {
    assertThat(run("backup", Map.of())).isEqualTo(2);
    assertThat(run("backup", Map.of(), "a", "b")).isEqualTo(2);
    assertThat(run("backup", Map.of(), "a", "--force")).as("only restore forces").isEqualTo(2);
    assertThat(run("restore", Map.of(), "--force")).isEqualTo(2);
  }

  @Test
  void aBackupOfADirectoryWithoutAStoreIsRefused() {
    assertThat(run("backup", dataDir(tmp.resolve("none")), tmp.resolve("b").toString()))
        .isEqualTo(1);
    assertThat(err()).contains("no store at");
    assertThat(Files.exists(tmp.resolve("none").resolve("tradeplan.mv.db"))).isFalse();
  }
}
