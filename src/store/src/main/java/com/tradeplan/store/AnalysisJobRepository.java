package com.tradeplan.store;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.types.Binary;

/**
 * The {@code analysis_jobs} collection: one document per simulation job an analyst ran (its
 * request, its state, and once it finished its reports, gzip-compressed). The server's analysis
 * package owns what the fields mean; this class only keeps them.
 *
 * <p>Bounded: {@link #keepNewest} deletes every finished job but the newest {@code n} (the caller
 * runs it after each finish: at the bound the oldest finished job and its reports are gone); {@link
 * #list} reads at most {@code limit}. Must never: hold a password or token, or anything of a
 * trader's live plans (jobs read uploaded files only).
 */
public final class AnalysisJobRepository {
  /** The most a job's stored reports may weigh, compressed: under MongoDB's 16 MiB document. */
  public static final int REPORTS_BYTES_MAX = 15 * 1024 * 1024;

  private final MongoCollection<Document> jobs;

  public AnalysisJobRepository(MongoConfig.MongoConnection connection) {
    this.jobs = connection.database().getCollection("analysis_jobs");
  }

  /**
   * One stored job. {@code request} and {@code summary} are plain values (strings, numbers, lists,
   * maps); the report texts are gzip bytes, null until the job is DONE.
   */
  public record StoredJob(
      String id,
      String owner,
      String sweepId,
      String status,
      Instant createdAt,
      Instant finishedAt,
      long ticksDone,
      long ticksTotal,
      String message,
      Map<String, Object> request,
      Map<String, Object> summary,
      byte[] reportJsonGzip,
      byte[] reportHtmlGzip,
      byte[] resultJsonGzip) {}

  /** Writes {@code job} whole, replacing what was stored under its id. */
  public void put(StoredJob job) {
    Document d =
        new Document("_id", job.id())
            .append("owner", job.owner())
            .append("sweepId", job.sweepId())
            .append("status", job.status())
            .append("createdAt", Date.from(job.createdAt()))
            .append("finishedAt", job.finishedAt() == null ? null : Date.from(job.finishedAt()))
            .append("ticksDone", job.ticksDone())
            .append("ticksTotal", job.ticksTotal())
            .append("message", job.message())
            .append("request", new Document(job.request()))
            .append("summary", job.summary() == null ? null : new Document(job.summary()))
            .append("reportJson", binary(job.reportJsonGzip()))
            .append("reportHtml", binary(job.reportHtmlGzip()))
            .append("resultJson", binary(job.resultJsonGzip()));
    jobs.replaceOne(new Document("_id", job.id()), d, new ReplaceOptions().upsert(true));
  }

  /** The job stored under {@code id}, reports included. */
  public Optional<StoredJob> find(String id) {
    return Optional.ofNullable(jobs.find(new Document("_id", id)).first()).map(d -> job(d, true));
  }

  /** The newest jobs first, at most {@code limit}, without their reports. */
  public List<StoredJob> list(int limit) {
    List<StoredJob> out = new ArrayList<>();
    jobs.find()
        .projection(new Document("reportJson", 0).append("reportHtml", 0).append("resultJson", 0))
        .sort(new Document("createdAt", -1).append("_id", -1))
        .limit(limit)
        .forEach(d -> out.add(job(d, false)));
    return out;
  }

  /** The jobs of one sweep, without their reports, at most {@code limit}. */
  public List<StoredJob> bySweep(String sweepId, int limit) {
    List<StoredJob> out = new ArrayList<>();
    jobs.find(Filters.eq("sweepId", sweepId))
        .projection(new Document("reportJson", 0).append("reportHtml", 0).append("resultJson", 0))
        .limit(limit)
        .forEach(d -> out.add(job(d, false)));
    return out;
  }

  /**
   * Marks every job still QUEUED or RUNNING as FAILED with {@code message}: at a start, no worker
   * runs them any more. Answers how many.
   */
  public long failUnfinished(String message, Instant now) {
    return jobs.updateMany(
            Filters.in("status", "QUEUED", "RUNNING"),
            Updates.combine(
                Updates.set("status", "FAILED"),
                Updates.set("message", message),
                Updates.set("finishedAt", Date.from(now))))
        .getModifiedCount();
  }

  /** Deletes every finished job but the newest {@code n}; answers how many went. */
  public long keepNewest(int n) {
    List<Object> old = new ArrayList<>();
    jobs.find(Filters.nin("status", "QUEUED", "RUNNING"))
        .projection(new Document("_id", 1))
        .sort(new Document("createdAt", -1).append("_id", -1))
        .skip(n)
        .forEach(d -> old.add(d.get("_id")));
    return old.isEmpty() ? 0 : jobs.deleteMany(Filters.in("_id", old)).getDeletedCount();
  }

  private static Binary binary(byte[] bytes) {
    return bytes == null ? null : new Binary(bytes);
  }

  private static byte[] bytes(Document d, String field) {
    Binary b = d.get(field, Binary.class);
    return b == null ? null : b.getData();
  }

  private static StoredJob job(Document d, boolean reports) {
    Date finished = d.getDate("finishedAt");
    Document summary = d.get("summary", Document.class);
    Number done = d.get("ticksDone", Number.class);
    Number total = d.get("ticksTotal", Number.class);
    return new StoredJob(
        d.getString("_id"),
        d.getString("owner"),
        d.getString("sweepId"),
        d.getString("status"),
        d.getDate("createdAt").toInstant(),
        finished == null ? null : finished.toInstant(),
        done == null ? 0 : done.longValue(),
        total == null ? 0 : total.longValue(),
        d.getString("message"),
        d.get("request", Document.class),
        summary,
        reports ? bytes(d, "reportJson") : null,
        reports ? bytes(d, "reportHtml") : null,
        reports ? bytes(d, "resultJson") : null);
  }
}
