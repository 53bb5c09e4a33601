package com.tradeplan.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.tradeplan.domain.risk.LimitScope;
import com.tradeplan.domain.risk.LimitSetVersion;
import com.tradeplan.domain.risk.PriceBandTier;
import com.tradeplan.domain.risk.PriceTiers;
import com.tradeplan.domain.risk.RiskLimits;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * The {@code risk_limits} collection: every version of every layer's limits, inserted and never
 * changed (the highest version of a layer is in force; older ones are its history), each with who
 * changed it, when and why, and audited in {@link AdminAuditLog}. A version's {@code _id} is {@code
 * SCOPE:id:version}, so two operators saving the same layer at once cannot both write the next
 * version: the second gets {@link Saved#conflict} with the version in force.
 *
 * <p>Every version also takes a number from one counter ({@code seq}) that only grows across the
 * members: a member polls {@link #changesSince} with the highest number it has seen to learn other
 * members' changes. Two saves at once may become visible out of number order, so a poll reads again
 * the last {@value #POLL_OVERLAP} numbers below the one it has seen; the caller applies a version
 * only when it is newer than the one it holds.
 *
 * <p>Must never: change or delete a version, or store a layer the domain's {@link
 * RiskLimits#errorsFor} refuses.
 */
public final class RiskLimitRepository {
  static final int POLL_OVERLAP = 64;

  /** The most versions {@link #changesSince} answers at once (the rest on the next poll). */
  public static final int CHANGES_MAX = 10_000;

  private final MongoCollection<Document> versions;
  private final MongoCollection<Document> counters;
  private final AdminAuditLog audit;
  private final Clock clock;

  public RiskLimitRepository(MongoConfig.MongoConnection connection, AdminAuditLog audit) {
    this(connection, audit, Clock.systemUTC());
  }

  RiskLimitRepository(MongoConfig.MongoConnection connection, AdminAuditLog audit, Clock clock) {
    this.versions = connection.database().getCollection("risk_limits");
    this.counters = connection.database().getCollection("risk_limits_seq");
    this.audit = audit;
    this.clock = clock;
    versions.createIndex(new Document("seq", 1));
  }

  /** One stored version and its number on the members' common counter. */
  public record Change(long seq, LimitSetVersion version) {}

  /**
   * The outcome of a save: the version stored and its number on the common counter ({@code seq}, 0
   * for a conflict), or the one in force when it lost a race.
   */
  public record Saved(LimitSetVersion stored, long versionInForce, long seq) {
    public static Saved conflict(long versionInForce) {
      return new Saved(null, versionInForce, 0);
    }

    public boolean conflicted() {
      return stored == null;
    }
  }

  /**
   * Stores {@code limits} as the next version of the layer, if the version in force is {@code
   * expectedVersion} (0: the layer has none yet); audited as {@code risk-limits.change}.
   *
   * @throws IllegalArgumentException when the domain refuses the set for the scope (the caller
   *     validates first; this is a broken invariant)
   */
  public Saved save(
      LimitScope scope,
      String scopeId,
      RiskLimits limits,
      long expectedVersion,
      String changedBy,
      String why) {
    List<String> errors = limits.errorsFor(scope);
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("limits refused for " + scope + ": " + errors);
    }
    long current = versionInForce(scope, scopeId);
    if (current != expectedVersion) {
      return Saved.conflict(current);
    }
    Instant now = clock.instant();
    LimitSetVersion version =
        new LimitSetVersion(scope, scopeId, expectedVersion + 1, limits, changedBy, now, why);
    long seq;
    try {
      seq = nextSeq();
      versions.insertOne(toDocument(version, seq));
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        return Saved.conflict(versionInForce(scope, scopeId));
      }
      throw e;
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("version", version.version());
    details.put("why", why);
    details.put("set", limits.setFields());
    audit.record(changedBy, "risk-limits.change", scope + ":" + scopeId, details);
    return new Saved(version, version.version(), seq);
  }

  /** The version in force of every layer that has one. */
  public List<LimitSetVersion> current() {
    Map<String, LimitSetVersion> newest = new HashMap<>();
    versions
        .find()
        .forEach(
            d -> {
              LimitSetVersion v = fromDocument(d);
              newest.merge(
                  v.scope() + ":" + v.scopeId(), v, (a, b) -> a.version() >= b.version() ? a : b);
            });
    return new ArrayList<>(newest.values());
  }

  /**
   * The versions stored with a number above {@code seq - }{@value #POLL_OVERLAP}, by number, at
   * most {@link #CHANGES_MAX}.
   */
  public List<Change> changesSince(long seq) {
    List<Change> out = new ArrayList<>();
    versions
        .find(new Document("seq", new Document("$gt", seq - POLL_OVERLAP)))
        .sort(new Document("seq", 1))
        .limit(CHANGES_MAX)
        .forEach(d -> out.add(new Change(Fields.int64(d, "seq"), fromDocument(d))));
    return out;
  }

  /** A layer's versions, newest first, at most {@code limit}. */
  public List<LimitSetVersion> history(LimitScope scope, String scopeId, int limit) {
    List<LimitSetVersion> out = new ArrayList<>();
    versions
        .find(new Document("scope", scope.name()).append("scopeId", scopeId))
        .sort(new Document("version", -1))
        .limit(limit)
        .forEach(d -> out.add(fromDocument(d)));
    return out;
  }

  private long versionInForce(LimitScope scope, String scopeId) {
    Document newest =
        versions
            .find(new Document("scope", scope.name()).append("scopeId", scopeId))
            .sort(new Document("version", -1))
            .limit(1)
            .first();
    return newest == null ? 0 : Fields.int64(newest, "version");
  }

  private long nextSeq() {
    Document counter =
        counters.findOneAndUpdate(
            new Document("_id", "seq"),
            new Document("$inc", new Document("value", 1L)),
            new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
    return Fields.int64(counter, "value");
  }

  private static Document toDocument(LimitSetVersion v, long seq) {
    RiskLimits l = v.limits();
    Document limits =
        new Document()
            .append("maxOrderQuantity", l.maxOrderQuantity())
            .append("maxOrderNotional", Fields.decimal(l.maxOrderNotional()))
            .append("maxPositionPerSymbol", l.maxPositionPerSymbol())
            .append("maxPositionTotal", l.maxPositionTotal())
            .append("maxOpenNotional", Fields.decimal(l.maxOpenNotional()))
            .append("ordersPerSecond", l.ordersPerSecond())
            .append("orderBurst", l.orderBurst())
            .append("platformOrdersPerSecond", l.platformOrdersPerSecond())
            .append("priceCollarPercent", Fields.decimal(l.priceCollarPercent()))
            .append("priceCollarTicks", l.priceCollarTicks())
            .append("maxDailyLoss", Fields.decimal(l.maxDailyLoss()))
            .append("stopLossCooldownSeconds", l.stopLossCooldownSeconds())
            .append("entryStaggerMillis", l.entryStaggerMillis())
            .append("maxOpenPlans", l.maxOpenPlans())
            .append("maxLossPerTrade", Fields.decimal(l.maxLossPerTrade()))
            .append("maxCumulativeLoss", Fields.decimal(l.maxCumulativeLoss()))
            .append("maxHoldingSeconds", l.maxHoldingSeconds())
            .append("flattenOnLossLimit", l.flattenOnLossLimit())
            .append("maxOpenRisk", Fields.decimal(l.maxOpenRisk()))
            .append("maxGrossExposure", Fields.decimal(l.maxGrossExposure()))
            .append("priceTiers", tiersDocument(l.priceTiers()));
    return new Document("_id", v.scope() + ":" + v.scopeId() + ":" + v.version())
        .append("scope", v.scope().name())
        .append("scopeId", v.scopeId())
        .append("version", v.version())
        .append("seq", seq)
        .append("limits", limits)
        .append("changedBy", v.changedBy())
        .append("changedAt", Fields.instant(v.changedAt()))
        .append("why", v.why());
  }

  private static LimitSetVersion fromDocument(Document d) {
    Document l = Fields.document(d, "limits");
    RiskLimits limits =
        RiskLimits.builder()
            .maxOrderQuantity(Fields.optInt64(l, "maxOrderQuantity"))
            .maxOrderNotional(Fields.optDecimal(l, "maxOrderNotional"))
            .maxPositionPerSymbol(Fields.optInt64(l, "maxPositionPerSymbol"))
            .maxPositionTotal(Fields.optInt64(l, "maxPositionTotal"))
            .maxOpenNotional(Fields.optDecimal(l, "maxOpenNotional"))
            .ordersPerSecond(Fields.optInt32(l, "ordersPerSecond"))
            .orderBurst(Fields.optInt32(l, "orderBurst"))
            .platformOrdersPerSecond(Fields.optInt32(l, "platformOrdersPerSecond"))
            .priceCollarPercent(Fields.optDecimal(l, "priceCollarPercent"))
            .priceCollarTicks(Fields.optInt32(l, "priceCollarTicks"))
            .maxDailyLoss(Fields.optDecimal(l, "maxDailyLoss"))
            .stopLossCooldownSeconds(Fields.optInt64(l, "stopLossCooldownSeconds"))
            .entryStaggerMillis(Fields.optInt64(l, "entryStaggerMillis"))
            .maxOpenPlans(Fields.optInt32(l, "maxOpenPlans"))
            .maxLossPerTrade(Fields.optDecimal(l, "maxLossPerTrade"))
            .maxCumulativeLoss(Fields.optDecimal(l, "maxCumulativeLoss"))
            .maxHoldingSeconds(Fields.optInt64(l, "maxHoldingSeconds"))
            .flattenOnLossLimit(l.get("flattenOnLossLimit") instanceof Boolean b ? b : null)
            .maxOpenRisk(Fields.optDecimal(l, "maxOpenRisk"))
            .maxGrossExposure(Fields.optDecimal(l, "maxGrossExposure"))
            .priceTiers(l.get("priceTiers") == null ? null : tiers(l))
            .build();
    return new LimitSetVersion(
        Fields.enumValue(d, "scope", LimitScope.class),
        Fields.string(d, "scopeId"),
        Fields.int64(d, "version"),
        limits,
        Fields.optString(d, "changedBy"),
        Fields.optInstant(d, "changedAt"),
        Fields.optString(d, "why"));
  }

  /** A tier table as an array of bands (null: the layer sets none). */
  private static List<Document> tiersDocument(PriceTiers tiers) {
    if (tiers == null) {
      return null;
    }
    List<Document> bands = new ArrayList<>();
    for (PriceBandTier b : tiers.bands()) {
      bands.add(
          new Document("fromPrice", Fields.decimal(b.fromPrice()))
              .append("belowPrice", Fields.decimal(b.belowPrice()))
              .append("maxShares", b.maxShares())
              .append("maxNotional", Fields.decimal(b.maxNotional())));
    }
    return bands;
  }

  private static PriceTiers tiers(Document limits) {
    List<PriceBandTier> bands = new ArrayList<>();
    for (Document b : Fields.list(limits, "priceTiers", Document.class)) {
      bands.add(
          new PriceBandTier(
              Fields.decimal(b, "fromPrice"),
              Fields.optDecimal(b, "belowPrice"),
              Fields.optInt64(b, "maxShares"),
              Fields.optDecimal(b, "maxNotional")));
    }
    return new PriceTiers(bands);
  }
}
