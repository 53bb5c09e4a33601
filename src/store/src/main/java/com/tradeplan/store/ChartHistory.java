package com.tradeplan.store;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/**
 * What the charts need to survive a restart or a take-over (docs/api.md, "Charts"): each plan's
 * levels over time and each trader's intraday P&amp;L samples. Read models only: nothing here is
 * trade state, and nothing decides anything.
 *
 * <ul>
 *   <li>{@code plan_level_trails}: one document per plan ({@code _id} the plan id, {@code owner},
 *       {@code points}), the points appended with {@code $push ... $slice}: at most {@code keep}
 *       points (the newest), whatever the writes. Grows with the plans, as the history log does.
 *   <li>{@code pnl_samples}: one document per trader and minute ({@code _id} user and minute), so a
 *       second write of a minute replaces it: at most 1,440 per trader and day. A trader's samples
 *       of earlier days are deleted when their new day's first sample is written ({@link
 *       #deletePnlSamplesBefore}).
 * </ul>
 *
 * <p>Money and prices are decimal strings, times ISO-8601 strings (nanoseconds kept: two points of
 * one millisecond stay two). Must never: store a double, or hold more than the bounds above.
 */
public final class ChartHistory {
  private static final String LEVELS = "plan_level_trails";
  private static final String PNL = "pnl_samples";

  /** A plan's levels from {@code time} on, as {@code PlanLevelTrail} keeps them. */
  public record LevelPoint(
      Instant time,
      BigDecimal entry,
      List<BigDecimal> stops,
      List<BigDecimal> targets,
      BigDecimal activeStop,
      BigDecimal trailingLevel) {}

  /** One minute's figures of a trader: {@code minute} the start of the minute. */
  public record PnlSample(Instant minute, BigDecimal realizedToday, BigDecimal unrealized) {}

  private final MongoCollection<Document> levels;
  private final MongoCollection<Document> pnl;

  private ChartHistory(MongoConfig.MongoConnection connection) {
    this.levels = connection.database().getCollection(LEVELS);
    this.pnl = connection.database().getCollection(PNL);
    pnl.createIndex(
        Indexes.ascending("user", "day", "minute"), new IndexOptions().name("user_day_minute"));
  }

  public static ChartHistory open(MongoConfig.MongoConnection connection) {
    return new ChartHistory(connection);
  }

  /** Appends {@code points} (oldest first) to the plan's trail, keeping the newest {@code keep}. */
  public void appendLevelPoints(String planId, String owner, List<LevelPoint> points, int keep) {
    if (points.isEmpty()) {
      return;
    }
    List<Document> docs = new ArrayList<>(points.size());
    for (LevelPoint p : points) {
      docs.add(toDocument(p));
    }
    levels.updateOne(
        Filters.eq("_id", planId),
        Updates.combine(
            Updates.set("owner", owner),
            Updates.pushEach("points", docs, new PushOptions().slice(-keep))),
        new UpdateOptions().upsert(true));
  }

  /** The plan's stored points, oldest first; empty when none were stored. */
  public List<LevelPoint> levelPoints(String planId) {
    Document d = levels.find(Filters.eq("_id", planId)).first();
    List<LevelPoint> out = new ArrayList<>();
    if (d == null) {
      return out;
    }
    for (Document p : d.getList("points", Document.class, List.of())) {
      out.add(
          new LevelPoint(
              Instant.parse(p.getString("time")),
              decimal(p.getString("entry")),
              decimals(p.getList("stops", String.class, List.of())),
              decimals(p.getList("targets", String.class, List.of())),
              decimal(p.getString("activeStop")),
              decimal(p.getString("trailingLevel"))));
    }
    return out;
  }

  /**
   * Writes the trader's sample of {@code s.minute()} in {@code day}, replacing one of the minute.
   */
  public void putPnlSample(String user, LocalDate day, PnlSample s) {
    Document doc =
        new Document("_id", user + "|" + s.minute())
            .append("user", user)
            .append("day", day.toString())
            .append("minute", Date.from(s.minute()))
            .append("realizedToday", s.realizedToday().toPlainString())
            .append("unrealized", s.unrealized().toPlainString());
    pnl.replaceOne(Filters.eq("_id", doc.get("_id")), doc, new ReplaceOptions().upsert(true));
  }

  /** The trader's samples of {@code day}, oldest first, the newest {@code max} at most. */
  public List<PnlSample> pnlSamples(String user, LocalDate day, int max) {
    List<PnlSample> newestFirst = new ArrayList<>();
    for (Document d :
        pnl.find(Filters.and(Filters.eq("user", user), Filters.eq("day", day.toString())))
            .sort(Sorts.descending("minute"))
            .limit(max)) {
      newestFirst.add(
          new PnlSample(
              d.getDate("minute").toInstant(),
              new BigDecimal(d.getString("realizedToday")),
              new BigDecimal(d.getString("unrealized"))));
    }
    List<PnlSample> out = new ArrayList<>(newestFirst.size());
    for (int i = newestFirst.size() - 1; i >= 0; i--) {
      out.add(newestFirst.get(i));
    }
    return out;
  }

  /** Deletes the trader's samples of the days before {@code day}; returns how many. */
  public long deletePnlSamplesBefore(String user, LocalDate day) {
    return pnl.deleteMany(Filters.and(Filters.eq("user", user), Filters.lt("day", day.toString())))
        .getDeletedCount();
  }

  private static Document toDocument(LevelPoint p) {
    Document d = new Document("time", p.time().toString());
    putDecimal(d, "entry", p.entry());
    d.append("stops", strings(p.stops()));
    d.append("targets", strings(p.targets()));
    putDecimal(d, "activeStop", p.activeStop());
    putDecimal(d, "trailingLevel", p.trailingLevel());
    return d;
  }

  private static void putDecimal(Document d, String field, BigDecimal value) {
    if (value != null) {
      d.append(field, value.toPlainString());
    }
  }

  private static List<String> strings(List<BigDecimal> values) {
    List<String> out = new ArrayList<>(values.size());
    for (BigDecimal v : values) {
      out.add(v == null ? null : v.toPlainString());
    }
    return out;
  }

  private static BigDecimal decimal(String s) {
    return s == null ? null : new BigDecimal(s);
  }

  private static List<BigDecimal> decimals(List<String> values) {
    List<BigDecimal> out = new ArrayList<>(values.size());
    for (String v : values) {
      out.add(decimal(v));
    }
    return java.util.Collections.unmodifiableList(out);
  }
}
