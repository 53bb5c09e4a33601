package com.tradeplan.store;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bson.Document;

/**
 * The {@code kill_switch} collection: one document per engaged kill switch and reason (its {@code
 * _id} is {@code scope|reason}), so that a switch survives a restart and every cluster member reads
 * the same ones (docs/kill-switch.md). A release deletes the document; who released it and why is
 * in {@link AdminAuditLog}, not here.
 *
 * <p>Bounded: {@link #all} reads at most {@link #MAX_READ} documents, the most switches the runtime
 * keeps; past it the rest are not read (and the runtime alerts). Must never: hold anything but the
 * switch's own fields (no secret, no order).
 */
public final class KillSwitchRecords {
  /** The most engaged switches one read returns. */
  public static final int MAX_READ = 10_000;

  private final MongoCollection<Document> switches;

  public KillSwitchRecords(MongoConfig.MongoConnection connection) {
    this.switches = connection.database().getCollection("kill_switch");
  }

  /**
   * One engaged switch.
   *
   * @param scope {@code global}, {@code account:X} or {@code user:Y}
   * @param reason the name of the reason (operator, store down, daily loss limit, ...)
   * @param detail the words of whoever engaged it
   * @param actor the user (or the trigger) that engaged it
   * @param flatten whether engaging it also flattened the open positions in its scope
   */
  public record Stored(
      String scope, String reason, String detail, String actor, Instant since, boolean flatten) {
    public Stored {
      Objects.requireNonNull(scope, "scope");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(since, "since");
    }
  }

  /** Records {@code s}, replacing the same scope and reason if it was engaged already. */
  public void put(Stored s) {
    switches.replaceOne(
        new Document("_id", id(s.scope(), s.reason())),
        new Document("_id", id(s.scope(), s.reason()))
            .append("scope", s.scope())
            .append("reason", s.reason())
            .append("detail", s.detail())
            .append("actor", s.actor())
            .append("since", Date.from(s.since()))
            .append("flatten", s.flatten()),
        new ReplaceOptions().upsert(true));
  }

  /** Deletes the switch of {@code scope} for {@code reason}; false when it was not engaged. */
  public boolean remove(String scope, String reason) {
    return switches.deleteOne(new Document("_id", id(scope, reason))).getDeletedCount() > 0;
  }

  /** Every engaged switch, at most {@link #MAX_READ}, oldest first. */
  public List<Stored> all() {
    List<Stored> out = new ArrayList<>();
    switches
        .find()
        .sort(new Document("since", 1))
        .limit(MAX_READ)
        .forEach(
            d ->
                out.add(
                    new Stored(
                        d.getString("scope"),
                        d.getString("reason"),
                        d.getString("detail"),
                        d.getString("actor"),
                        d.getDate("since").toInstant(),
                        Boolean.TRUE.equals(d.getBoolean("flatten")))));
    return out;
  }

  private static String id(String scope, String reason) {
    return scope + "|" + reason;
  }
}
