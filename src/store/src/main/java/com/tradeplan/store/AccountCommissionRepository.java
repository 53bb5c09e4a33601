package com.tradeplan.store;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The {@code account_commissions} collection: the commission plan an operator set for an IB account
 * (docs/accounts.md, "An account's commission plan"), one document per account keyed by the account
 * code, holding the plan as {@code CommissionModel}'s notation ({@code ib-fixed:min=0.50}, {@code
 * ib-tiered:volume=300001,fees=0.0030}), who set it and when. An account without a document is
 * priced by the platform's {@code tradeplan.commission}.
 *
 * <p>It stores what the server decided: reading the notation and checking the account code are the
 * caller's. Kept in the store so every member of a cluster prices an account the same way.
 *
 * <p>Must never: hold more than one plan per account, or a plan the caller has not parsed.
 */
public final class AccountCommissionRepository {
  /** The most plans {@link #list} answers in one call. */
  public static final int LIST_MAX = 500;

  private final MongoCollection<Document> plans;

  public AccountCommissionRepository(MongoConfig.MongoConnection connection) {
    this.plans = connection.database().getCollection("account_commissions");
  }

  /**
   * One account's plan.
   *
   * @param plan the commission model's notation
   * @param setBy the operator who set it
   */
  public record StoredPlan(String account, String plan, String setBy, Instant setAt) {
    public StoredPlan {
      Objects.requireNonNull(account, "account");
      Objects.requireNonNull(plan, "plan");
    }
  }

  /** Sets (or replaces) {@code account}'s plan. */
  public void set(StoredPlan p) {
    plans.replaceOne(
        id(p.account()),
        new Document("_id", p.account())
            .append("plan", p.plan())
            .append("setBy", p.setBy())
            .append("setAt", p.setAt() == null ? null : Date.from(p.setAt())),
        new ReplaceOptions().upsert(true));
  }

  /** Removes {@code account}'s plan (the platform's prices it again); false when it had none. */
  public boolean clear(String account) {
    return plans.deleteOne(id(account)).getDeletedCount() == 1;
  }

  /** {@code account}'s plan; empty when an operator set none. */
  public Optional<StoredPlan> find(String account) {
    return Optional.ofNullable(plans.find(id(account)).first())
        .map(AccountCommissionRepository::toPlan);
  }

  /** The accounts with a plan, by account code, at most {@link #LIST_MAX}. */
  public List<StoredPlan> list() {
    List<StoredPlan> out = new ArrayList<>();
    plans.find().sort(new Document("_id", 1)).limit(LIST_MAX).forEach(d -> out.add(toPlan(d)));
    return out;
  }

  private static Bson id(String account) {
    return Filters.eq("_id", account);
  }

  private static StoredPlan toPlan(Document d) {
    Date at = d.getDate("setAt");
    return new StoredPlan(
        d.getString("_id"),
        d.getString("plan"),
        d.getString("setBy"),
        at == null ? null : at.toInstant());
  }
}
