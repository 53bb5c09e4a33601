package com.tradeplan.store;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.json.JsonParseException;

/**
 * Puts a backup written by {@link StoreBackup} back into a store, all or nothing:
 *
 * <ol>
 *   <li>checks everything before writing anything: the manifest, and every file it names against
 *       its SHA-256 sum, its document count and each line being one extended JSON document with an
 *       {@code _id} (a refusal names the file and, for a bad line, its number);
 *   <li>refuses a store that holds any document, unless {@code force}: then the store's contents
 *       are first written as a backup of their own into {@code replacedInto}, and emptied;
 *   <li>inserts each collection in batches of {@value #BATCH}, reading each file again (its sum is
 *       checked again at its end: a file changed since step 1 fails the restore);
 *   <li>on any failure in step 3, empties every collection again (the store held nothing of its own
 *       by then), so that no half restore is ever left to be started on.
 * </ol>
 *
 * <p>Indexes are not in a backup: the platform creates its own at start. The caller makes sure no
 * platform runs against the store (as for {@link StoreBackup}).
 */
public final class StoreRestore {
  /** Documents per insert: a bound on what is held in memory at once. */
  static final int BATCH = 500;

  private StoreRestore() {}

  /** What a restore came to. */
  public sealed interface Result {
    /** Every collection restored: counts by collection. */
    record Restored(BackupManifest manifest, Map<String, Long> counts) implements Result {}

    /** Nothing was written ({@code reason}: why). */
    record Refused(String reason) implements Result {}

    /**
     * The store failed during the inserts; every collection was emptied again ({@code reason}: what
     * failed, and whether emptying it again succeeded).
     */
    record Failed(String reason) implements Result {}
  }

  /**
   * Restores the backup in {@code dir} into the store of {@code connection}; {@code force} replaces
   * a store that is not empty, after saving its contents into {@code replacedInto}.
   */
  public static Result restore(
      MongoConfig.MongoConnection connection,
      Path dir,
      boolean force,
      Path replacedInto,
      Clock clock) {
    BackupManifest manifest;
    try {
      manifest = BackupManifest.parse(Files.readString(dir.resolve(BackupManifest.FILE)));
    } catch (NoSuchFileException e) {
      return new Result.Refused(
          "no " + BackupManifest.FILE + " in " + dir + ": not a backup, or an unfinished one");
    } catch (IOException e) {
      return new Result.Refused("cannot read " + dir.resolve(BackupManifest.FILE) + ": " + e);
    } catch (IllegalArgumentException e) {
      return new Result.Refused(e.getMessage());
    }
    for (BackupManifest.Entry entry : manifest.collections()) {
      String problem = verify(dir, entry);
      if (problem != null) {
        return new Result.Refused(problem + "; nothing was restored");
      }
    }
    MongoDatabase db = connection.database();
    try {
      Map<String, Long> present = nonEmpty(db);
      if (!present.isEmpty()) {
        if (!force) {
          return new Result.Refused(
              "the store is not empty "
                  + present
                  + ": restore only into an empty store, or pass --force to replace it");
        }
        StoreBackup.Result saved = StoreBackup.write(connection, replacedInto, clock);
        if (saved instanceof StoreBackup.Result.Refused r) {
          return new Result.Refused(
              "could not save the store's contents before replacing them: " + r.reason());
        }
        emptyAll(db);
      }
    } catch (MongoException e) {
      return new Result.Refused("the store did not answer: " + e.getMessage());
    }
    return insertAll(db, dir, manifest);
  }

  /** Null when {@code entry}'s file is whole, else what is wrong with it, naming the file. */
  private static String verify(Path dir, BackupManifest.Entry entry) {
    Path file = dir.resolve(entry.file());
    MessageDigest sha = StoreBackup.sha256();
    long lines = 0;
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = line(r, file, lines + 1); line != null; line = line(r, file, lines + 1)) {
        lines++;
        String bad = badLine(line);
        if (bad != null) {
          return file + " line " + lines + ": " + bad;
        }
      }
    } catch (NoSuchFileException e) {
      return file + " is missing";
    } catch (IOException e) {
      return "cannot read " + file + ": " + e;
    }
    String sum = HexFormat.of().formatHex(sha.digest());
    if (!sum.equals(entry.sha256())) {
      return file
          + " does not match its SHA-256 in "
          + BackupManifest.FILE
          + " (changed or damaged)";
    }
    if (lines != entry.count()) {
      return file
          + " holds "
          + lines
          + " documents, "
          + BackupManifest.FILE
          + " says "
          + entry.count();
    }
    return null;
  }

  /**
   * The longest line read: a document is at most 16 MiB of BSON, whose extended JSON stays well
   * under this. A longer line is refused as damaged instead of being read into memory whole.
   */
  static final int MAX_LINE_CHARS = 64 * 1024 * 1024;

  /** The next line of {@code file} without its end, null at the end; refuses an overlong line. */
  private static String line(BufferedReader r, Path file, long number) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = r.read(); c != -1; c = r.read()) {
      if (c == '\n') {
        return line.toString();
      }
      if (c != '\r') {
        line.append((char) c);
      }
      if (line.length() > MAX_LINE_CHARS) {
        throw new IOException(
            file + " line " + number + " is longer than " + MAX_LINE_CHARS + " characters");
      }
    }
    return line.isEmpty() ? null : line.toString();
  }

  private static String badLine(String line) {
    try {
      return BsonDocument.parse(line).containsKey("_id") ? null : "a document without _id";
    } catch (JsonParseException | IllegalArgumentException | org.bson.BSONException e) {
      return "not an extended JSON document (" + e.getMessage() + ")";
    }
  }

  /** Every collection that holds a document, with its count. */
  private static Map<String, Long> nonEmpty(MongoDatabase db) {
    Map<String, Long> present = new LinkedHashMap<>();
    for (String name : StoreBackup.collections(db)) {
      long n = db.getCollection(name).countDocuments();
      if (n > 0) {
        present.put(name, n);
      }
    }
    return present;
  }

  /** Deletes every document, keeping the collections and their indexes. */
  private static void emptyAll(MongoDatabase db) {
    for (String name : StoreBackup.collections(db)) {
      db.getCollection(name).deleteMany(new Document());
    }
  }

  private static Result insertAll(MongoDatabase db, Path dir, BackupManifest manifest) {
    Map<String, Long> counts = new LinkedHashMap<>();
    try {
      for (BackupManifest.Entry entry : manifest.collections()) {
        counts.put(entry.collection(), insert(db, dir, entry));
      }
      return new Result.Restored(manifest, counts);
    } catch (IOException | MongoException | IllegalStateException e) {
      String undo;
      try {
        emptyAll(db);
        undo = "every collection was emptied again";
      } catch (MongoException again) {
        undo = "emptying the store again failed too (" + again.getMessage() + "): empty it by hand";
      }
      return new Result.Failed("the restore failed (" + e.getMessage() + "); " + undo);
    }
  }

  /** Inserts one collection's file; throws IllegalStateException when the file changed. */
  private static long insert(MongoDatabase db, Path dir, BackupManifest.Entry entry)
      throws IOException {
    Path file = dir.resolve(entry.file());
    MongoCollection<BsonDocument> into = db.getCollection(entry.collection(), BsonDocument.class);
    MessageDigest sha = StoreBackup.sha256();
    List<BsonDocument> batch = new ArrayList<>(BATCH);
    long count = 0;
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = line(r, file, count + 1); line != null; line = line(r, file, count + 1)) {
        batch.add(BsonDocument.parse(line));
        count++;
        if (batch.size() == BATCH) {
          into.insertMany(batch);
          batch.clear();
        }
      }
    }
    if (!batch.isEmpty()) {
      into.insertMany(batch);
    }
    if (!HexFormat.of().formatHex(sha.digest()).equals(entry.sha256())) {
      throw new IllegalStateException(file + " changed while it was being restored");
    }
    return count;
  }
}
