package com.tradeplan.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.testkit.plans.RandomSnapshots;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backup and restore through the driver against the embedded server over TCP: what goes in comes
 * out (every document, every BSON type, the plans as the store reads them), and a damaged, foreign
 * or unfinished backup, or a store that is not empty, is refused before anything is written.
 */
class StoreBackupTest {
  @RegisterExtension static final TestMongo mongo = new TestMongo();

  private static final Instant T0 = Instant.parse("2026-12-04T21:00:00Z");
  private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);
  private static final long SEED = 17;

  @TempDir Path tmp;

  /** A store with plans, users, a kill switch and a document of every BSON type the store uses. */
  private List<PlanSnapshot> fill(MongoDatabase db, int planCount) {
    TradeStore store = TradeStore.open(db);
    Random r = new Random(SEED);
    List<PlanSnapshot> plans = new ArrayList<>();
    for (int i = 0; i < planCount; i++) {
      PlanSnapshot s = RandomSnapshots.randomSnapshot(r, i);
      assertThat(store.create(s)).isEqualTo(CreateResult.CREATED);
      plans.add(s);
    }
    MongoConfig.MongoConnection c = mongo.connectionTo(db);
    new UserRepository(c)
        .insert(new UserRepository.StoredUser("alice", "hash-a", List.of("TRADER"), T0));
    new KillSwitchRecords(c)
        .put(new KillSwitchRecords.Stored("account:DU1", "operator", "margin", "oscar", T0, true));
    db.getCollection("risk_limits")
        .insertOne(
            new Document("_id", new ObjectId())
                .append("maxLoss", new Decimal128(new BigDecimal("1000.10")))
                .append("version", 3L)
                .append("small", 7)
                .append("ratio", 0.25)
                .append("at", java.util.Date.from(T0))
                .append("raw", new Binary(new byte[] {0, 1, 2, (byte) 255}))
                .append("none", null)
                .append("nested", List.of(new Document("a", List.of(1, "x")))));
    return plans;
  }

  /** Every collection's documents, in _id order, as BSON (types included). */
  private static Map<String, List<BsonDocument>> contents(MongoDatabase db) {
    Map<String, List<BsonDocument>> all = new LinkedHashMap<>();
    for (String name : StoreBackup.collections(db)) {
      List<BsonDocument> docs = new ArrayList<>();
      db.getCollection(name, BsonDocument.class).find().sort(Sorts.ascending("_id")).into(docs);
      if (!docs.isEmpty()) {
        all.put(name, docs);
      }
    }
    return all;
  }

  private BackupManifest backup(MongoDatabase db, Path dir) {
    StoreBackup.Result r = StoreBackup.write(mongo.connectionTo(db), dir, CLOCK);
    assertThat(r).isInstanceOf(StoreBackup.Result.Written.class);
    return ((StoreBackup.Result.Written) r).manifest();
  }

  private StoreRestore.Result restore(MongoDatabase db, Path dir, boolean force) {
    return StoreRestore.restore(mongo.connectionTo(db), dir, force, tmp.resolve("replaced"), CLOCK);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void whatIsBackedUpIsRestoredDocumentForDocumentAndTypeForType() {
    MongoDatabase source = mongo.freshDatabase();
    List<PlanSnapshot> plans = fill(source, 600); // more than one insert batch
    Path dir = tmp.resolve("backup");
    MongoDatabase target = mongo.freshDatabase();

    BackupManifest manifest = backup(source, dir);
    StoreRestore.Result r = restore(target, dir, false);

    assertThat(manifest.format()).isEqualTo(BackupManifest.FORMAT);
    assertThat(manifest.platformVersion()).isNotBlank().doesNotContain("${");
    assertThat(manifest.createdAt()).isEqualTo(T0);
    assertThat(manifest.collections())
        .extracting(BackupManifest.Entry::collection)
        .contains("trades", "users", "kill_switch", "risk_limits");
    assertThat(r).isInstanceOf(StoreRestore.Result.Restored.class);
    assertThat(((StoreRestore.Result.Restored) r).counts()).containsEntry("trades", 600L);
    assertThat(contents(target)).isEqualTo(contents(source));
    TradeStore restored = TradeStore.open(target);
    for (PlanSnapshot s : plans) {
      assertThat(restored.load(s.planId())).as(s.planId()).contains(s);
    }
  }

  @Test
  void aDamagedFileIsRefusedByNameAndNothingIsWritten() throws Exception {
    MongoDatabase source = mongo.freshDatabase();
    fill(source, 20);
    Path dir = tmp.resolve("backup");
    backup(source, dir);
    Path trades = dir.resolve("trades.jsonl");
    byte[] bytes = Files.readAllBytes(trades);
    int digit = new String(bytes, StandardCharsets.UTF_8).indexOf("\"version\"") + 20;
    bytes[digit] = (byte) (bytes[digit] == '1' ? '2' : '1'); // still valid JSON, other data
    Files.write(trades, bytes);
    MongoDatabase target = mongo.freshDatabase();

    StoreRestore.Result r = restore(target, dir, false);

    assertThat(r).isInstanceOf(StoreRestore.Result.Refused.class);
    assertThat(((StoreRestore.Result.Refused) r).reason())
        .contains(trades.toString())
        .contains("SHA-256")
        .contains("nothing was restored");
    assertThat(contents(target)).isEmpty();
  }

  @Test
  void aLineThatIsNotADocumentIsRefusedWithItsFileAndLine() throws Exception {
    MongoDatabase source = mongo.freshDatabase();
    new UserRepository(mongo.connectionTo(source))
        .insert(new UserRepository.StoredUser("alice", "hash-a", List.of("TRADER"), T0));
    Path dir = tmp.resolve("backup");
    backup(source, dir);
    // a consistent manifest around a file whose second line is not JSON
    Path users = dir.resolve("users.jsonl");
    byte[] bad = (Files.readString(users) + "{not json\n").getBytes(StandardCharsets.UTF_8);
    Files.write(users, bad);
    String manifest = Files.readString(dir.resolve(BackupManifest.FILE));
    BackupManifest m = BackupManifest.parse(manifest);
    String old = m.collections().get(0).sha256();
    Files.writeString(
        dir.resolve(BackupManifest.FILE),
        manifest.replace(old, sha256(bad)).replace("\"count\": 1", "\"count\": 2"));
    MongoDatabase target = mongo.freshDatabase();

    StoreRestore.Result r = restore(target, dir, false);

    assertThat(((StoreRestore.Result.Refused) r).reason()).startsWith(users + " line 2: ");
    assertThat(contents(target)).isEmpty();
  }

  @Test
  void anUnfinishedOrForeignBackupIsRefused() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("half"));
    MongoDatabase target = mongo.freshDatabase();
    assertThat(((StoreRestore.Result.Refused) restore(target, dir, false)).reason())
        .contains("no manifest.json");
    Files.writeString(
        dir.resolve(BackupManifest.FILE), "{\"format\":\"other/9\",\"collections\":[]}");
    assertThat(((StoreRestore.Result.Refused) restore(target, dir, false)).reason())
        .contains("format 'other/9'");
    Files.writeString(
        dir.resolve(BackupManifest.FILE),
        "{\"format\":\"tradeplan-backup/1\",\"platformVersion\":\"x\","
            + "\"createdAt\":\"2026-01-01T00:00:00Z\",\"database\":\"d\",\"collections\":"
            + "[{\"collection\":\"users\",\"file\":\"../users.jsonl\",\"count\":0,"
            + "\"sha256\":\"00\"}]}");
    assertThat(((StoreRestore.Result.Refused) restore(target, dir, false)).reason())
        .contains("is not allowed");
    assertThat(contents(target)).isEmpty();
  }

  @Test
  void aBackupIsNotWrittenIntoADirectoryThatHoldsFiles() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("used"));
    Files.writeString(dir.resolve("x"), "x");
    StoreBackup.Result r = StoreBackup.write(mongo.connectionTo(mongo.freshDatabase()), dir, CLOCK);
    assertThat(((StoreBackup.Result.Refused) r).reason()).contains("is not empty");
  }

  @Test
  void aStoreThatIsNotEmptyIsReplacedOnlyWithForceAndItsContentsAreSavedFirst() {
    MongoDatabase source = mongo.freshDatabase();
    fill(source, 20);
    Path dir = tmp.resolve("backup");
    backup(source, dir);
    MongoDatabase target = mongo.freshDatabase();
    new UserRepository(mongo.connectionTo(target))
        .insert(new UserRepository.StoredUser("zed", "hash-z", List.of("TRADER"), T0));
    Map<String, List<BsonDocument>> before = contents(target);

    StoreRestore.Result refused = restore(target, dir, false);
    assertThat(((StoreRestore.Result.Refused) refused).reason())
        .contains("not empty {users=1}")
        .contains("--force");
    assertThat(contents(target)).isEqualTo(before);

    assertThat(restore(target, dir, true)).isInstanceOf(StoreRestore.Result.Restored.class);
    assertThat(contents(target)).isEqualTo(contents(source));
    MongoDatabase saved = mongo.freshDatabase();
    assertThat(restore(saved, tmp.resolve("replaced"), false))
        .as("the replaced contents were saved as a backup")
        .isInstanceOf(StoreRestore.Result.Restored.class);
    assertThat(contents(saved)).isEqualTo(before);
  }

  @Test
  void aStoreErrorHalfwayEmptiesEveryCollectionAgain() throws Exception {
    // a backup whose sums are right but whose second collection repeats an _id: the store
    // refuses that insert after the first collection was written
    Path dir = Files.createDirectories(tmp.resolve("dup"));
    byte[] a = "{\"_id\": \"a1\"}\n{\"_id\": \"a2\"}\n".getBytes(StandardCharsets.UTF_8);
    byte[] b = "{\"_id\": \"b1\"}\n{\"_id\": \"b1\"}\n".getBytes(StandardCharsets.UTF_8);
    Files.write(dir.resolve("aa.jsonl"), a);
    Files.write(dir.resolve("bb.jsonl"), b);
    Files.writeString(
        dir.resolve(BackupManifest.FILE),
        new BackupManifest(
                BackupManifest.FORMAT,
                "test",
                T0,
                "test",
                List.of(
                    new BackupManifest.Entry("aa", "aa.jsonl", 2, sha256(a)),
                    new BackupManifest.Entry("bb", "bb.jsonl", 2, sha256(b))))
            .toJson());
    MongoDatabase target = mongo.freshDatabase();

    StoreRestore.Result r = restore(target, dir, false);

    assertThat(r).isInstanceOf(StoreRestore.Result.Failed.class);
    assertThat(((StoreRestore.Result.Failed) r).reason())
        .contains("every collection was emptied again");
    assertThat(contents(target)).isEmpty();
  }
}
