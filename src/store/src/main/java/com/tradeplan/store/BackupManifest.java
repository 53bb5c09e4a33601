package com.tradeplan.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.bson.Document;
import org.bson.json.JsonParseException;

/**
 * What a backup holds, written last into its directory as {@value #FILE} (a directory without it is
 * an unfinished backup and is refused): the format, the platform version that wrote it, when, from
 * which database, and per collection its file, document count and SHA-256 of the file's bytes.
 * Restore trusts nothing in a backup that this manifest does not vouch for.
 *
 * @param format {@value #FORMAT}; another value is refused
 * @param platformVersion the version of the platform that wrote it (informative)
 */
public record BackupManifest(
    String format,
    String platformVersion,
    Instant createdAt,
    String database,
    List<Entry> collections) {
  public static final String FILE = "manifest.json";
  public static final String FORMAT = "tradeplan-backup/1";

  /** A collection name this format can hold: its file name is the name plus {@code .jsonl}. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,100}");

  /**
   * One collection: its documents, one canonical extended JSON object per line, in {@code file}.
   */
  public record Entry(String collection, String file, long count, String sha256) {}

  public BackupManifest {
    collections = List.copyOf(collections);
  }

  /** Whether {@code collection} can be backed up under this format (no path, no dot). */
  static boolean storableName(String collection) {
    return NAME.matcher(collection).matches();
  }

  static String fileOf(String collection) {
    return collection + ".jsonl";
  }

  String toJson() {
    List<Document> entries = new ArrayList<>();
    for (Entry e : collections) {
      entries.add(
          new Document("collection", e.collection())
              .append("file", e.file())
              .append("count", e.count())
              .append("sha256", e.sha256()));
    }
    return new Document("format", format)
            .append("platformVersion", platformVersion)
            .append("createdAt", createdAt.toString())
            .append("database", database)
            .append("collections", entries)
            .toJson()
        + "\n";
  }

  /**
   * Reads a manifest's text; throws IllegalArgumentException saying what is wrong (not JSON, a
   * field missing, another format, a file name that is not its collection's) so that restore can
   * refuse with it.
   */
  static BackupManifest parse(String json) {
    Document d;
    try {
      d = Document.parse(json);
    } catch (JsonParseException | IllegalArgumentException e) {
      throw new IllegalArgumentException(FILE + " is not JSON: " + e.getMessage(), e);
    }
    String format = text(d, "format");
    if (!FORMAT.equals(format)) {
      throw new IllegalArgumentException(
          FILE + ": format '" + format + "' is not " + FORMAT + " (another tool or version)");
    }
    List<Entry> entries = new ArrayList<>();
    Object list = d.get("collections");
    if (!(list instanceof List<?> items)) {
      throw new IllegalArgumentException(FILE + ": 'collections' is missing");
    }
    for (Object item : items) {
      if (!(item instanceof Document e)) {
        throw new IllegalArgumentException(FILE + ": an entry of 'collections' is not an object");
      }
      String collection = text(e, "collection");
      String file = text(e, "file");
      if (!storableName(collection) || !file.equals(fileOf(collection))) {
        throw new IllegalArgumentException(
            FILE + ": collection '" + collection + "' with file '" + file + "' is not allowed");
      }
      if (!(e.get("count") instanceof Number count) || count.longValue() < 0) {
        throw new IllegalArgumentException(FILE + ": the count of " + collection + " is missing");
      }
      entries.add(new Entry(collection, file, count.longValue(), text(e, "sha256")));
    }
    Instant created;
    try {
      created = Instant.parse(text(d, "createdAt"));
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException(FILE + ": 'createdAt' is not an instant", e);
    }
    return new BackupManifest(
        format, text(d, "platformVersion"), created, text(d, "database"), entries);
  }

  private static String text(Document d, String field) {
    if (!(d.get(field) instanceof String s) || s.isBlank()) {
      throw new IllegalArgumentException(FILE + ": '" + field + "' is missing");
    }
    return s;
  }
}
