package com.tradeplan.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.bson.Document;

/**
 * The rule-set versions (docs/rules.md, "Versions"), in four collections: {@code rule_sources}
 * holds each distinct set of DRL files once, keyed by its content hash (content-addressed: a
 * version whose files equal an earlier one's shares its document); {@code rule_attachments} each
 * distinct set of attached scenarios and reference once, the same way; {@code rule_versions} one
 * document per version number with both hashes, author, time, message, parent version and the last
 * test of it; {@code rule_deployed} the version deployed and the canary running (documents {@code
 * deployed} and {@code canary}), so a cluster started from cold knows them. Versions are inserted,
 * never changed, except for their test record. The content hashes are the caller's (the engine's
 * {@code RuleSources.contentHash} and {@code RuleAttachments.contentHash}): this class stores them,
 * it does not judge rules or scenarios.
 *
 * <p>Must never: change or delete a version's sources, reuse a version number, or hand a BSON type
 * to a caller.
 */
public final class RuleSetRepository {
  /** Bound on the versions listed at once. */
  public static final int LIST_MAX = 500;

  /** Bound on the attempts to take the next version number when members race for it. */
  static final int NUMBER_ATTEMPTS_MAX = 20;

  private static final String DEPLOYED_ID = "deployed";
  private static final String CANARY_ID = "canary";

  private final MongoCollection<Document> sources;
  private final MongoCollection<Document> attachments;
  private final MongoCollection<Document> versions;
  private final MongoCollection<Document> deployed;
  private final Clock clock;

  public RuleSetRepository(MongoConfig.MongoConnection connection) {
    this(connection, Clock.systemUTC());
  }

  RuleSetRepository(MongoConfig.MongoConnection connection, Clock clock) {
    this.sources = connection.database().getCollection("rule_sources");
    this.attachments = connection.database().getCollection("rule_attachments");
    this.versions = connection.database().getCollection("rule_versions");
    this.deployed = connection.database().getCollection("rule_deployed");
    this.clock = clock;
  }

  /**
   * One stored version.
   *
   * @param parent the version it was made from (null for version 1)
   * @param lastTest the last test run of it, null before any
   * @param attached what it carries besides its DRL files, null when nothing
   */
  public record RuleVersion(
      int number,
      String contentHash,
      String author,
      Instant createdAt,
      String message,
      Integer parent,
      TestRecord lastTest,
      Attached attached) {}

  /**
   * What a version's listing says of its attachments, kept on the version so that a listing never
   * reads their text: their content hash, the attached scenario files' paths, the reference's name
   * (null: none by name) and whether it carries reference files.
   */
  public record Attached(
      String hash, List<String> scenarios, String referenceName, boolean referenceFiles) {}

  /**
   * A version's attachments as stored: path to text ({@code scenarios/x.json}, {@code
   * reference/plans.json}, {@code reference/ticks.csv}) and the name of a shipped reference (null:
   * none).
   */
  public record Attachments(Map<String, String> files, String referenceName) {}

  /**
   * A test of a version: whether it passed, one line saying what ran, who ran it and when. {@code
   * contentHash} is the hash of the sources tested (always the version's own: sources never
   * change).
   */
  public record TestRecord(
      boolean passed, String summary, String actor, Instant at, String contentHash) {}

  /** The deployed version: its number, who deployed it and when. */
  public record Deployed(int number, String actor, Instant at) {}

  /**
   * Stores the shipped rules as version 1 if no version 1 is stored yet (the first start of a
   * store). Idempotent across members starting together.
   */
  public void ensureShipped(Map<String, String> files, String contentHash) {
    storeSources(files, contentHash);
    try {
      versions.insertOne(versionDocument(1, contentHash, "shipped", "the shipped kjar", null));
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
        throw e;
      }
    }
  }

  /** Stores a new version without attachments with the next number and returns it. */
  public RuleVersion create(
      Map<String, String> files,
      String contentHash,
      String author,
      String message,
      Integer parent) {
    return create(files, contentHash, null, null, author, message, parent);
  }

  /**
   * Stores a new version with the next number and returns it; {@code attached} (null: none) is
   * stored under {@code attachmentsHash} once, shared by every version with the same attachments.
   */
  public RuleVersion create(
      Map<String, String> files,
      String contentHash,
      Attachments attached,
      String attachmentsHash,
      String author,
      String message,
      Integer parent) {
    Objects.requireNonNull(author, "author");
    storeSources(files, contentHash);
    if (attached != null) {
      storeAttachments(attached, Objects.requireNonNull(attachmentsHash, "attachmentsHash"));
    }
    for (int attempt = 0; attempt < NUMBER_ATTEMPTS_MAX; attempt++) {
      int next = highestNumber() + 1;
      Document d = versionDocument(next, contentHash, author, message, parent);
      if (attached != null) {
        d.append(
            "attached",
            new Document("hash", attachmentsHash)
                .append(
                    "scenarios",
                    attached.files().keySet().stream()
                        .filter(p -> p.startsWith("scenarios/"))
                        .sorted()
                        .toList())
                .append("referenceName", attached.referenceName())
                .append("referenceFiles", attached.files().containsKey("reference/plans.json")));
      }
      try {
        versions.insertOne(d);
        return decode(d);
      } catch (MongoWriteException e) {
        if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
          throw e;
        }
      }
    }
    throw new IllegalStateException(
        "no free version number after " + NUMBER_ATTEMPTS_MAX + " attempts (members racing)");
  }

  private int highestNumber() {
    Document top = versions.find().sort(new Document("_id", -1)).limit(1).first();
    return top == null ? 0 : top.getInteger("_id");
  }

  private Document versionDocument(
      int number, String contentHash, String author, String message, Integer parent) {
    return new Document("_id", number)
        .append("contentHash", contentHash)
        .append("author", author)
        .append("createdAt", Date.from(clock.instant()))
        .append("message", message)
        .append("parent", parent);
  }

  /** The sources are stored once per content hash; a second store of the same hash is a no-op. */
  private void storeSources(Map<String, String> files, String contentHash) {
    List<Document> list = new ArrayList<>();
    files.forEach((path, text) -> list.add(new Document("path", path).append("text", text)));
    try {
      sources.insertOne(new Document("_id", contentHash).append("files", list));
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
        throw e;
      }
    }
  }

  /** Attachments are stored once per content hash, as sources are. */
  private void storeAttachments(Attachments attached, String hash) {
    List<Document> list = new ArrayList<>();
    attached
        .files()
        .forEach((path, text) -> list.add(new Document("path", path).append("text", text)));
    try {
      attachments.insertOne(
          new Document("_id", hash)
              .append("files", list)
              .append("referenceName", attached.referenceName()));
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
        throw e;
      }
    }
  }

  /** The attachments stored under {@code hash}; empty when none is (or {@code hash} is null). */
  public Optional<Attachments> attachments(String hash) {
    if (hash == null) {
      return Optional.empty();
    }
    Document d = attachments.find(new Document("_id", hash)).first();
    if (d == null) {
      return Optional.empty();
    }
    Map<String, String> files = new LinkedHashMap<>();
    for (Document f : d.getList("files", Document.class)) {
      files.put(f.getString("path"), f.getString("text"));
    }
    return Optional.of(new Attachments(files, d.getString("referenceName")));
  }

  public Optional<RuleVersion> find(int number) {
    return Optional.ofNullable(versions.find(new Document("_id", number)).first())
        .map(RuleSetRepository::decode);
  }

  /** The DRL files stored under {@code contentHash}, path to text; empty when none is. */
  public Map<String, String> sources(String contentHash) {
    Document d = sources.find(new Document("_id", contentHash)).first();
    Map<String, String> files = new LinkedHashMap<>();
    if (d != null) {
      for (Document f : d.getList("files", Document.class)) {
        files.put(f.getString("path"), f.getString("text"));
      }
    }
    return files;
  }

  /** The versions, newest first, at most {@code limit} (at most {@link #LIST_MAX}). */
  public List<RuleVersion> list(int limit) {
    List<RuleVersion> out = new ArrayList<>();
    versions
        .find()
        .sort(new Document("_id", -1))
        .limit(Math.min(Math.max(limit, 1), LIST_MAX))
        .forEach(d -> out.add(decode(d)));
    return out;
  }

  /** Records the outcome of a test of {@code number}; false when no such version is stored. */
  public boolean recordTest(int number, boolean passed, String summary, String actor) {
    RuleVersion v = find(number).orElse(null);
    if (v == null) {
      return false;
    }
    Document test =
        new Document("passed", passed)
            .append("summary", summary)
            .append("actor", actor)
            .append("at", Date.from(clock.instant()))
            .append("contentHash", v.contentHash());
    return versions
            .updateOne(Filters.eq("_id", number), Updates.set("lastTest", test))
            .getMatchedCount()
        == 1;
  }

  /** The version deployed cluster-wide, if one was deployed since the store was made. */
  public Optional<Deployed> deployed() {
    Document d = deployed.find(new Document("_id", DEPLOYED_ID)).first();
    return d == null
        ? Optional.empty()
        : Optional.of(
            new Deployed(
                d.getInteger("version"), d.getString("actor"), d.getDate("at").toInstant()));
  }

  /** The deployed version's number, or empty before any deploy (version 1 runs then). */
  public OptionalInt deployedNumber() {
    return deployed().map(d -> OptionalInt.of(d.number())).orElse(OptionalInt.empty());
  }

  /** Records that {@code number} is the deployed version now. */
  public void setDeployed(int number, String actor) {
    deployed.replaceOne(
        new Document("_id", DEPLOYED_ID),
        new Document("_id", DEPLOYED_ID)
            .append("version", number)
            .append("actor", actor)
            .append("at", Date.from(clock.instant())),
        new ReplaceOptions().upsert(true));
  }

  /**
   * A canary deploy as stored (the cluster's replicated map is the authority while the cluster
   * lives; this document lets a cluster started from cold run it on).
   */
  public record Canary(int number, List<String> users, String actor, Instant at) {}

  /** The canary running, if one was started and neither promoted nor aborted since. */
  public Optional<Canary> canary() {
    Document d = deployed.find(new Document("_id", CANARY_ID)).first();
    return d == null
        ? Optional.empty()
        : Optional.of(
            new Canary(
                d.getInteger("version"),
                d.getList("users", String.class),
                d.getString("actor"),
                d.getDate("at").toInstant()));
  }

  /** Records that {@code number} runs as a canary for {@code users} now. */
  public void setCanary(int number, List<String> users, String actor, Instant at) {
    deployed.replaceOne(
        new Document("_id", CANARY_ID),
        new Document("_id", CANARY_ID)
            .append("version", number)
            .append("users", List.copyOf(users))
            .append("actor", actor)
            .append("at", Date.from(at)),
        new ReplaceOptions().upsert(true));
  }

  /** Records that no canary runs (promoted, aborted, or ended by a deploy). */
  public void clearCanary() {
    deployed.deleteOne(new Document("_id", CANARY_ID));
  }

  private static RuleVersion decode(Document d) {
    Document t = d.get("lastTest", Document.class);
    TestRecord test =
        t == null
            ? null
            : new TestRecord(
                t.getBoolean("passed"),
                t.getString("summary"),
                t.getString("actor"),
                t.getDate("at").toInstant(),
                t.getString("contentHash"));
    return new RuleVersion(
        d.getInteger("_id"),
        d.getString("contentHash"),
        d.getString("author"),
        d.getDate("createdAt").toInstant(),
        d.getString("message"),
        d.getInteger("parent"),
        test,
        attached(d.get("attached", Document.class)));
  }

  private static Attached attached(Document a) {
    return a == null
        ? null
        : new Attached(
            a.getString("hash"),
            a.getList("scenarios", String.class),
            a.getString("referenceName"),
            Boolean.TRUE.equals(a.getBoolean("referenceFiles")));
  }
}
