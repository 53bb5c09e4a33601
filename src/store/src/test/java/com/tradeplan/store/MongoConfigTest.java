package com.tradeplan.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.WriteConcern;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MongoConfigTest {
  @Test
  void withoutAUriTheEmbeddedServerIsUsedWithW1() {
    MongoConfig c = MongoConfig.fromEnvironment(Map.of());
    assertThat(c.embedded()).isTrue();
    assertThat(c.durability()).isEqualTo(MongoConfig.Durability.W1);
    assertThat(c.database()).isEqualTo("tradeplan");
    assertThat(c.dataDir()).isEqualTo(Path.of("data"));
  }

  @Test
  void aRealDeploymentDefaultsToMajorityJournaledWithRetryableWrites() {
    MongoConfig c =
        MongoConfig.fromEnvironment(
            Map.of(
                "MONGODB_URI", "mongodb://db1,db2,db3/?replicaSet=rs0", "MONGODB_DATABASE", "x"));
    assertThat(c.embedded()).isFalse();
    var settings = c.settings(c.uri());
    assertThat(settings.getWriteConcern()).isEqualTo(WriteConcern.MAJORITY.withJournal(true));
    assertThat(settings.getRetryWrites()).isTrue();
    assertThat(c.database()).isEqualTo("x");
    assertThat(
            MongoConfig.fromEnvironment(
                    Map.of("MONGODB_URI", "mongodb://db1", "MONGODB_WRITE_CONCERN", "w1"))
                .durability())
        .isEqualTo(MongoConfig.Durability.W1);
    assertThatThrownBy(() -> MongoConfig.fromEnvironment(Map.of("MONGODB_WRITE_CONCERN", "2")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theEmbeddedServerKeepsItsDataInItsFileAcrossRestarts(@TempDir Path dir) {
    MongoConfig c = MongoConfig.fromEnvironment(Map.of("TRADEPLAN_DATA_DIR", dir.toString()));
    try (MongoConfig.MongoConnection conn = c.connect()) {
      assertThat(conn.embedded().connectionString()).startsWith("mongodb://127.0.0.1:");
      conn.ping(); // answers: throws otherwise
      conn.database().getCollection("probe").insertOne(new Document("_id", "kept"));
    }
    assertThat(Files.exists(dir.resolve("tradeplan.mv.db"))).isTrue();
    try (MongoConfig.MongoConnection conn = c.connect()) {
      assertThat(conn.database().getCollection("probe").countDocuments()).isEqualTo(1);
    }
  }

  @Test
  void theHostsOfAUriAreShownWithoutItsCredentials() {
    assertThat(MongoConfig.hostsOf("mongodb://admin:secret@db1:27017,db2/?replicaSet=rs0"))
        .contains(List.of("db1:27017", "db2"));
    assertThat(MongoConfig.hostsOf("not a connection string")).isEmpty();
  }

  @Test
  void aUsersPasswordComesFromItsFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("mongo_password");
    Files.writeString(file, "  s3cret-from-a-docker-secret\n");
    MongoConfig c =
        MongoConfig.fromEnvironment(
            Map.of(
                "MONGODB_URI",
                "mongodb://db1,db2,db3/tradeplan?replicaSet=rs0&authSource=tradeplan",
                "MONGODB_USERNAME",
                "tradeplan",
                "MONGODB_PASSWORD_FILE",
                file.toString()));
    var credential = c.settings(c.uri()).getCredential();
    assertThat(credential.getUserName()).isEqualTo("tradeplan");
    assertThat(credential.getSource()).isEqualTo("tradeplan");
    assertThat(new String(credential.getPassword())).isEqualTo("s3cret-from-a-docker-secret");
    assertThat(c.toString()).doesNotContain("s3cret");
    assertThat(MongoConfig.authSource("mongodb://db1/?replicaSet=rs0")).isEqualTo("admin");
  }

  @Test
  void aPasswordFileIsRefusedWhereItCannotBeMeant(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("mongo_password");
    Files.writeString(file, "s3cret");
    String f = file.toString();
    assertThatThrownBy(
            () ->
                MongoConfig.fromEnvironment(
                    Map.of("MONGODB_USERNAME", "u", "MONGODB_PASSWORD_FILE", f)))
        .hasMessageContaining("MONGODB_URI is not");
    assertThatThrownBy(
            () ->
                MongoConfig.fromEnvironment(
                    Map.of("MONGODB_URI", "mongodb://db1/", "MONGODB_PASSWORD_FILE", f)))
        .hasMessageContaining("go together");
    assertThatThrownBy(
            () ->
                MongoConfig.fromEnvironment(
                    Map.of(
                        "MONGODB_URI",
                        "mongodb://u:p@db1/",
                        "MONGODB_USERNAME",
                        "u",
                        "MONGODB_PASSWORD_FILE",
                        f)))
        .hasMessageContaining("one place");
    assertThatThrownBy(
            () ->
                MongoConfig.fromEnvironment(
                    Map.of(
                        "MONGODB_URI",
                        "mongodb://db1/",
                        "MONGODB_USERNAME",
                        "u",
                        "MONGODB_PASSWORD_FILE",
                        dir.resolve("missing").toString())))
        .hasMessageContaining("cannot read");
  }
}
