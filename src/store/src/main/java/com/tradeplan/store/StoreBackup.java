package com.tradeplan.store;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.bson.BsonDocument;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * Writes every collection of the store into a backup directory through the MongoDB driver: one file
 * per collection of canonical extended JSON (every BSON type kept: Decimal128 money, Int64, dates),
 * one document per line in {@code _id} order, then {@link BackupManifest} with counts and SHA-256
 * sums. Reads one document at a time, so memory does not grow with the store.
 *
 * <p>Consistent only while nothing writes to the store (there are no snapshots across collections
 * without sessions): the caller makes sure no platform runs against it (the backup command: the
 * embedded file's lock, or {@link StoreClients} for a deployment). A production replica set is
 * backed up with {@code mongodump --oplog} instead (docs/operations.md).
 */
public final class StoreBackup {
  static final JsonWriterSettings EXTENDED =
      JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();

  private StoreBackup() {}

  /** What a backup came to: written (its manifest) or refused (why; nothing usable written). */
  public sealed interface Result {
    record Written(Path dir, BackupManifest manifest) implements Result {}

    record Refused(String reason) implements Result {}
  }

  /**
   * Writes the store of {@code connection} into {@code dir}, which must not exist or be empty. An
   * I/O or store error is answered as Refused; files already written then stay but no manifest is
   * written, so the directory is never taken for a backup.
   */
  public static Result write(MongoConfig.MongoConnection connection, Path dir, Clock clock) {
    try {
      if (Files.exists(dir) && !isEmptyDirectory(dir)) {
        return new Result.Refused("the backup directory " + dir + " is not empty");
      }
      Files.createDirectories(dir);
      MongoDatabase db = connection.database();
      List<BackupManifest.Entry> entries = new ArrayList<>();
      for (String name : collections(db)) {
        if (!BackupManifest.storableName(name)) {
          return new Result.Refused("collection '" + name + "' has a name this format cannot hold");
        }
        entries.add(writeCollection(db, name, dir));
      }
      BackupManifest manifest =
          new BackupManifest(
              BackupManifest.FORMAT, platformVersion(), clock.instant(), db.getName(), entries);
      Files.writeString(
          dir.resolve(BackupManifest.FILE), manifest.toJson(), StandardCharsets.UTF_8);
      return new Result.Written(dir, manifest);
    } catch (IOException e) {
      return new Result.Refused("cannot write the backup into " + dir + ": " + e);
    } catch (MongoException e) {
      return new Result.Refused("the store did not answer: " + e.getMessage());
    }
  }

  private static BackupManifest.Entry writeCollection(MongoDatabase db, String name, Path dir)
      throws IOException {
    String file = BackupManifest.fileOf(name);
    MessageDigest sha = sha256();
    long count = 0;
    try (OutputStream out = Files.newOutputStream(dir.resolve(file));
        BufferedWriter w =
            new BufferedWriter(
                new OutputStreamWriter(new DigestOutputStream(out, sha), StandardCharsets.UTF_8));
        MongoCursor<BsonDocument> docs =
            db.getCollection(name, BsonDocument.class)
                .find()
                .sort(Sorts.ascending("_id"))
                .iterator()) {
      while (docs.hasNext()) {
        w.write(docs.next().toJson(EXTENDED));
        w.write('\n');
        count++;
      }
    }
    return new BackupManifest.Entry(name, file, count, HexFormat.of().formatHex(sha.digest()));
  }

  /** The store's collections, by name, without MongoDB's own {@code system.*}. */
  static List<String> collections(MongoDatabase db) {
    List<String> names = new ArrayList<>();
    for (String n : db.listCollectionNames()) {
      if (!n.startsWith("system.")) {
        names.add(n);
      }
    }
    names.sort(null);
    return names;
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static boolean isEmptyDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  /** The platform's version (the build's project version), for the manifest. */
  public static String platformVersion() {
    Properties p = new Properties();
    try (InputStream in = StoreBackup.class.getResourceAsStream("platform-version.properties")) {
      if (in == null) {
        throw new IllegalStateException("platform-version.properties is not in the store's jar");
      }
      p.load(in);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read platform-version.properties", e);
    }
    return p.getProperty("version");
  }
}
