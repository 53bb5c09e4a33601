package com.tradeplan.store;

import static com.tradeplan.testkit.plans.TestPlans.active;
import static com.tradeplan.testkit.plans.TestPlans.withCommission;
import static com.tradeplan.testkit.plans.TestPlans.withStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.state.PlanSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A trader's plans written since an instant (the account page reads the day's fills from these): a
 * plan counts from its last write, by owner, a page at a time by plan id.
 */
class TradeStoreChangedSinceTest {
  @RegisterExtension static final TestMongo mongo = new TestMongo();

  /** A clock the test moves. */
  private static final class SetClock extends Clock {
    Instant now = Instant.parse("2026-12-04T14:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void aTradersPlansWrittenSinceAnInstantArePagedById() {
    MongoDatabase db = mongo.freshDatabase();
    SetClock clock = new SetClock();
    TradeStore store = new TradeStore(db, clock);
    PlanSnapshot a1 = active("a1", "alice", "AAPL");
    store.create(a1);
    store.create(active("b1", "bob", "AAPL"));
    store.create(active("a3", "alice", "MSFT"));
    Instant dayStart = Instant.parse("2026-12-04T15:00:00Z");
    clock.now = dayStart.plusSeconds(60);
    store.create(active("a2", "alice", "SPY"));
    store.create(active("b2", "bob", "SPY"));

    assertThat(ids(store.findByOwnerChangedSince("alice", dayStart, null, 10)))
        .containsExactly("a2");
    assertThat(store.update(a1.withVersion(a1.version() + 1)).outcome())
        .isEqualTo(UpdateResult.Outcome.UPDATED);
    assertThat(ids(store.findByOwnerChangedSince("alice", dayStart, null, 10)))
        .as("a write today brings yesterday's plan in")
        .containsExactly("a1", "a2");
    assertThat(ids(store.findByOwnerChangedSince("alice", dayStart, null, 1)))
        .containsExactly("a1");
    assertThat(ids(store.findByOwnerChangedSince("alice", dayStart, "a1", 1)))
        .containsExactly("a2");
    assertThat(ids(store.findByOwnerChangedSince("alice", clock.now.plusSeconds(1), null, 10)))
        .isEmpty();
    assertThat(ids(store.findByOwnerChangedSince("bob", dayStart, null, 10))).containsExactly("b2");
  }

  @Test
  void aTradersEndedPlansAreSummedExactlyAndNoOneElses() {
    MongoDatabase db = mongo.freshDatabase();
    TradeStore store = TradeStore.open(db);
    store.create(
        withStatus(withCommission(active("a1", "alice", "AAPL"), "1.25"), PlanStatus.INACTIVE));
    store.create(
        withStatus(withCommission(active("a2", "alice", "MSFT"), "0.10"), PlanStatus.CANCELLED));
    store.create(withCommission(active("a3", "alice", "SPY"), "7.00"));
    store.create(
        withStatus(withCommission(active("b1", "bob", "SPY"), "9.00"), PlanStatus.INACTIVE));
    PlanCounts sums = new PlanCounts(mongo.connectionTo(db));
    Set<PlanStatus> ended = Set.of(PlanStatus.INACTIVE, PlanStatus.CANCELLED, PlanStatus.REJECTED);

    PlanCounts.OwnerSums alice = sums.ofOwner("alice", ended, Duration.ofSeconds(5));
    assertThat(alice.plans()).isEqualTo(2);
    assertThat(alice.commission()).isEqualByComparingTo("1.35");
    assertThat(alice.realizedPnl()).isEqualByComparingTo("-1.35");
    assertThat(sums.ofOwner("carol", ended, Duration.ofSeconds(5)).plans()).isZero();
  }

  private static List<String> ids(LoadResult r) {
    return r.plans().stream().map(PlanSnapshot::planId).toList();
  }
}
