package com.tradeplan.store;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.CountOptions;
import com.tradeplan.domain.plan.PlanStatus;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/**
 * How many plans are in some statuses, counted by the store from the {@code status} index without
 * reading a document: for the metrics endpoint (one gauge per status) and for tests that wait for a
 * whole book to reach a status. Read-only: it can never change a trade.
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
}
