package com.tradeplan.store;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.CountOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.tradeplan.domain.Decimals;
import com.tradeplan.domain.plan.PlanStatus;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.types.Decimal128;

/**
 * How many plans are in some statuses, counted by the store from the {@code status} index without
 * reading a document: for the metrics endpoint (one gauge per status) and for tests that wait for a
 * whole book to reach a status; and the realized P&L of the plans that changed since a moment (the
 * metrics' P&L of the trading day), read from the {@code updated_at} index and one field per plan.
 * Read-only: it can never change a trade.
 */
public final class PlanCounts {
  private final MongoCollection<Document> trades;

  public PlanCounts(MongoConfig.MongoConnection connection) {
    this.trades = connection.database().getCollection(TradeStore.TRADES);
  }

  /**
   * How many plans are in one of {@code statuses}. Throws the driver's {@code MongoException} when
   * the store does not answer, or takes longer than {@code maxTime} (so that a caller such as a
   * metrics scrape never hangs on it).
   */
  public long inStatuses(Collection<PlanStatus> statuses, Duration maxTime) {
    if (statuses.isEmpty()) {
      throw new IllegalArgumentException("statuses: at least one status to count");
    }
    return trades.countDocuments(
        TradeDocuments.inStatus(statuses),
        new CountOptions().maxTime(maxTime.toMillis(), TimeUnit.MILLISECONDS));
  }

  /**
   * The sum of the realized P&L (after commissions) of every plan whose document changed at or
   * after {@code since}: each plan's whole realized P&L, so a plan that also realized some on an
   * earlier day counts it here too. Exact decimal arithmetic. Throws the driver's {@code
   * MongoException} when the store does not answer or takes longer than {@code maxTime}.
   */
  public BigDecimal realizedPnlOfPlansUpdatedSince(Instant since, Duration maxTime) {
    BigDecimal sum = BigDecimal.ZERO;
    for (Document d :
        trades
            .find(Filters.gte("updatedAt", Date.from(since)))
            .projection(Projections.include("realizedPnl"))
            .maxTime(maxTime.toMillis(), TimeUnit.MILLISECONDS)) {
      if (d.get("realizedPnl") instanceof Decimal128 pnl) {
        sum = sum.add(pnl.bigDecimalValue(), Decimals.MATH);
      }
    }
    return sum;
  }

  /**
   * A trader's plans in some statuses summed: realized P&amp;L before commissions, commissions, and
   * how many plans. Read from two exact fields per plan, never decoding a plan, one document at a
   * time (the memory does not grow with the trader's history).
   */
  public record OwnerSums(BigDecimal grossPnl, BigDecimal commission, long plans) {
    /** Realized P&amp;L after commissions. */
    public BigDecimal realizedPnl() {
      return grossPnl.subtract(commission);
    }
  }

  /**
   * The sums of {@code owner}'s plans in one of {@code statuses} (the account page's totals over
   * the ended plans). Exact decimal arithmetic. Throws the driver's {@code MongoException} when the
   * store does not answer or takes longer than {@code maxTime}.
   */
  public OwnerSums ofOwner(String owner, Collection<PlanStatus> statuses, Duration maxTime) {
    if (statuses.isEmpty()) {
      throw new IllegalArgumentException("statuses: at least one status to sum");
    }
    BigDecimal gross = BigDecimal.ZERO;
    BigDecimal commission = BigDecimal.ZERO;
    long plans = 0;
    for (Document d :
        trades
            .find(Filters.and(Filters.eq("owner", owner), TradeDocuments.inStatus(statuses)))
            .projection(Projections.include("grossPnl", "commission"))
            .maxTime(maxTime.toMillis(), TimeUnit.MILLISECONDS)) {
      if (d.get("grossPnl") instanceof Decimal128 g) {
        gross = gross.add(g.bigDecimalValue());
      }
      if (d.get("commission") instanceof Decimal128 c) {
        commission = commission.add(c.bigDecimalValue());
      }
      plans++;
    }
    return new OwnerSums(gross, commission, plans);
  }
}
