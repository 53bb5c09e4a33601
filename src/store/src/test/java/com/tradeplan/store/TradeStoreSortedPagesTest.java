package com.tradeplan.store;

import static com.tradeplan.testkit.plans.TestPlans.active;
import static com.tradeplan.testkit.plans.TestPlans.withCommission;
import static com.tradeplan.testkit.plans.TestPlans.withStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.state.PlanSnapshot;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The plans list's sorted pages (PlanOrder) against the embedded server: thousands of ended plans
 * with seeded random end times, creation times, symbols and P&L (many ties), read a page at a time
 * in every order and direction, must come exactly in the order worked out here (key, then id), each
 * plan once, none missing; a plan that ends while the trader pages lands on a page already read.
 */
class TradeStoreSortedPagesTest {
  @RegisterExtension static final TestMongo mongo = new TestMongo();

  private static final long SEED = 18_2026L;
  private static final int ENDED_PLANS = 1_000;
  private static final Set<PlanStatus> ENDED =
      Set.of(PlanStatus.INACTIVE, PlanStatus.CANCELLED, PlanStatus.REJECTED);
  private static final String[] SYMBOLS = {"AAPL", "MSFT", "SPY", "QQQ", "BRK.B", "DIA"};

  /** A clock the test sets before each write. */
  private static final class SetClock extends Clock {
    Instant now = Instant.parse("2026-12-01T14:30:00Z");

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

  /** What the test knows of each of alice's ended plans. */
  private record Known(
      String id, String symbol, Instant createdAt, Instant endedAt, BigDecimal pnl) {}

  private static final SetClock clock = new SetClock();
  private static TradeStore store;
  private static MongoDatabase db;
  private static final Map<String, Known> alice = new TreeMap<>();

  @BeforeAll
  static void seed() {
    db = mongo.freshDatabase();
    store = new TradeStore(db, clock);
    store.ensureIndexes();
    Random r = new Random(SEED);
    Instant day = Instant.parse("2026-12-01T14:30:00Z");
    // few distinct times and P&Ls, ids not in creation order: ties must be broken by id
    Map<Instant, List<TradeStore.Update>> endings = new TreeMap<>();
    List<TradeStore.Update> lateWrites = new ArrayList<>();
    for (int i = 0; i < ENDED_PLANS; i++) {
      String id = String.format("p%05d", r.nextInt(1_000_000)) + "-" + i;
      String symbol = SYMBOLS[r.nextInt(SYMBOLS.length)];
      Instant created = day.plusSeconds(r.nextInt(40));
      Instant ended = day.plusSeconds(60 + r.nextInt(20));
      String commission = r.nextInt(4) == 0 ? "1.00" : (r.nextInt(500) + "." + r.nextInt(10));
      clock.now = created;
      PlanSnapshot s = withCommission(active(id, "alice", symbol), commission);
      assertThat(store.create(s)).isEqualTo(CreateResult.CREATED);
      PlanSnapshot done = withStatus(s, List.copyOf(ENDED).get(r.nextInt(ENDED.size())));
      endings.computeIfAbsent(ended, x -> new ArrayList<>()).add(update(done, s));
      if (r.nextInt(10) == 0) {
        // a late write of the ended plan (a commission report) keeps its end time
        lateWrites.add(update(withCommission(done, "0"), done));
      }
      alice.put(id, new Known(id, symbol, created, ended, done.realizedPnl()));
    }
    endings.forEach(
        (at, updates) -> {
          clock.now = at;
          for (int from = 0; from < updates.size(); from += 10) {
            List<TradeStore.Update> part =
                updates.subList(from, Math.min(from + 10, updates.size()));
            assertThat(store.updateAll(part)).isEqualTo(part.size());
          }
        });
    clock.now = day.plusSeconds(3_600);
    for (int from = 0; from < lateWrites.size(); from += 10) {
      List<TradeStore.Update> part =
          lateWrites.subList(from, Math.min(from + 10, lateWrites.size()));
      assertThat(store.updateAll(part)).isEqualTo(part.size());
    }
    for (int i = 0; i < 20; i++) {
      clock.now = day.plusSeconds(r.nextInt(100));
      store.create(withStatus(active("bob-" + i, "bob", "AAPL"), PlanStatus.CANCELLED));
      store.create(active("alice-open-" + i, "alice", SYMBOLS[r.nextInt(SYMBOLS.length)]));
    }
  }

  private static TradeStore.Update update(PlanSnapshot next, PlanSnapshot before) {
    return new TradeStore.Update(next, before.version(), -1);
  }

  @Test
  void everyOrderPagesAllEndedPlansInOrderOnceEach() {
    check(new PlanOrder(PlanOrder.Key.ENDED_AT, true), 100, Known::endedAt);
    check(new PlanOrder(PlanOrder.Key.ENDED_AT, false), 300, Known::endedAt);
    check(new PlanOrder(PlanOrder.Key.CREATED_AT, true), 300, Known::createdAt);
    check(new PlanOrder(PlanOrder.Key.SYMBOL, false), 300, Known::symbol);
    check(new PlanOrder(PlanOrder.Key.SYMBOL, true), 300, Known::symbol);
    check(new PlanOrder(PlanOrder.Key.REALIZED_PNL, true), 300, Known::pnl);
    check(new PlanOrder(PlanOrder.Key.REALIZED_PNL, false), 300, Known::pnl);
    check(new PlanOrder(PlanOrder.Key.ID, true), 300, Known::id);
  }

  @Test
  void theStoredTimesComeWithEachPlan() {
    StoredPage p =
        store.findByOwner(
            "alice", null, null, ENDED, new PlanOrder(PlanOrder.Key.ENDED_AT, true), null, 5);
    for (StoredPlan s : p.plans()) {
      Known k = alice.get(s.snapshot().planId());
      assertThat(s.endedAt()).isEqualTo(k.endedAt());
      assertThat(s.createdAt()).isEqualTo(k.createdAt());
    }
    assertThat(p.plans()).hasSize(5);
  }

  @Test
  void aFilterNarrowsTheSortedPagesInTheStore() {
    List<String> got = new ArrayList<>();
    PlanOrder order = new PlanOrder(PlanOrder.Key.ENDED_AT, true);
    String next = null;
    do {
      StoredPage p =
          store.findByOwner(
              "alice",
              "SPY",
              null,
              ENDED,
              order,
              next == null ? null : order.cursor(next).get(),
              25);
      p.plans().forEach(s -> got.add(s.snapshot().planId()));
      next = p.next();
    } while (next != null);
    assertThat(got)
        .containsExactlyElementsOf(expected(order, Known::endedAt, k -> k.symbol().equals("SPY")));
  }

  @Test
  void aPlanThatEndsWhileTheTraderPagesIsNeitherShownTwiceNorSkipsAnother() {
    MongoDatabase own = mongo.freshDatabase();
    SetClock c = new SetClock();
    TradeStore s = new TradeStore(own, c);
    s.ensureIndexes();
    for (int i = 0; i < 60; i++) {
      c.now = Instant.parse("2026-12-02T15:00:00Z").plusSeconds(i / 3);
      s.create(
          withStatus(active(String.format("e%03d", i), "alice", "AAPL"), PlanStatus.CANCELLED));
    }
    c.now = Instant.parse("2026-12-02T15:00:00Z");
    PlanSnapshot late = active("late", "alice", "AAPL");
    s.create(late);
    PlanOrder order = new PlanOrder(PlanOrder.Key.ENDED_AT, true);
    StoredPage first = s.findByOwner("alice", null, null, ENDED, order, null, 25);
    c.now = Instant.parse("2026-12-02T16:00:00Z");
    s.update(withStatus(late, PlanStatus.CANCELLED));
    List<String> seen = new ArrayList<>();
    first.plans().forEach(p -> seen.add(p.snapshot().planId()));
    String next = first.next();
    while (next != null) {
      StoredPage p = s.findByOwner("alice", null, null, ENDED, order, order.cursor(next).get(), 25);
      p.plans().forEach(x -> seen.add(x.snapshot().planId()));
      next = p.next();
    }
    assertThat(seen).doesNotHaveDuplicates().hasSize(60).doesNotContain("late");
    assertThat(
            s.findByOwner("alice", null, null, ENDED, order, null, 1)
                .plans()
                .get(0)
                .snapshot()
                .planId())
        .as("it is first when the trader reads the first page again")
        .isEqualTo("late");
  }

  @Test
  void anEndedPlanStoredBeforeEndTimesTakesItsLastWriteTime() {
    MongoDatabase own = mongo.freshDatabase();
    SetClock c = new SetClock();
    TradeStore s = new TradeStore(own, c);
    PlanSnapshot a = active("old", "alice", "AAPL");
    s.create(a);
    c.now = c.now.plusSeconds(90);
    s.update(withStatus(a, PlanStatus.INACTIVE));
    own.getCollection(TradeStore.TRADES)
        .updateOne(Filters.eq("_id", "old"), Updates.unset(TradeDocuments.ENDED_AT));
    s.ensureIndexes();
    Document d = own.getCollection(TradeStore.TRADES).find(Filters.eq("_id", "old")).first();
    assertThat(d.getDate(TradeDocuments.ENDED_AT)).isEqualTo(d.getDate("updatedAt"));
  }

  @Test
  void endTimesAreForEndedPlansOnlyAndCursorsAreChecked() {
    PlanOrder order = new PlanOrder(PlanOrder.Key.ENDED_AT, true);
    assertThatThrownBy(
            () -> store.findByOwner("alice", null, null, Set.of(PlanStatus.ACTIVE), order, null, 5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.findByOwner("alice", null, null, Set.of(), order, null, 5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(order.cursor("not-a-cursor")).isEmpty();
    assertThat(order.cursor("")).isEmpty();
    assertThat(new PlanOrder(PlanOrder.Key.REALIZED_PNL, false).cursor("eA")).isEmpty();
    assertThat(PlanOrder.parse("-endedAt")).contains(order);
    assertThat(PlanOrder.parse("realizedPnl"))
        .contains(new PlanOrder(PlanOrder.Key.REALIZED_PNL, false));
    assertThat(PlanOrder.parse("pnl")).isEmpty();
    assertThat(order.text()).isEqualTo("-endedAt");
  }

  private static void check(
      PlanOrder order, int pageSize, Function<Known, ? extends Comparable<?>> key) {
    List<String> got = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    String next = null;
    int pages = 0;
    do {
      PlanOrder.Cursor after = next == null ? null : order.cursor(next).orElseThrow();
      StoredPage p = store.findByOwner("alice", null, null, ENDED, order, after, pageSize);
      assertThat(p.quarantined()).isEmpty();
      for (StoredPlan s : p.plans()) {
        assertThat(seen.add(s.snapshot().planId()))
            .as("%s: %s twice", order.text(), s.snapshot().planId())
            .isTrue();
        got.add(s.snapshot().planId());
      }
      assertThat(p.plans().size() == pageSize || p.next() == null).isTrue();
      next = p.next();
      pages++;
    } while (next != null);
    assertThat(got).as(order.text()).containsExactlyElementsOf(expected(order, key, k -> true));
    assertThat(pages).isGreaterThanOrEqualTo(ENDED_PLANS / pageSize);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static List<String> expected(
      PlanOrder order,
      Function<Known, ? extends Comparable<?>> key,
      java.util.function.Predicate<Known> keep) {
    Comparator<Known> byKey = Comparator.comparing(k -> (Comparable) key.apply(k));
    Comparator<Known> c = byKey.thenComparing(Known::id);
    if (order.descending()) {
      c = c.reversed();
    }
    return alice.values().stream().filter(keep).sorted(c).map(Known::id).toList();
  }
}
