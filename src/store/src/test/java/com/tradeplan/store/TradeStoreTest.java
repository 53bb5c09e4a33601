package com.tradeplan.store;

import static com.mongodb.client.model.Filters.eq;
import static com.tradeplan.testkit.plans.TestPlans.active;
import static com.tradeplan.testkit.plans.TestPlans.fillEvent;
import static com.tradeplan.testkit.plans.TestPlans.statusEvent;
import static com.tradeplan.testkit.plans.TestPlans.withCommission;
import static com.tradeplan.testkit.plans.TestPlans.withEntryFill;
import static com.tradeplan.testkit.plans.TestPlans.withEntryOrder;
import static com.tradeplan.testkit.plans.TestPlans.withStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Updates;
import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.domain.strategy.StrategyChoice;
import com.tradeplan.testkit.plans.RandomSnapshots;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TradeStoreTest {
  @RegisterExtension static final TestMongo mongo = new TestMongo();

  @Test
  void createdTradeIsLoadedBackEqualAndASecondCreateIsRefused() {
    MongoDatabase db = mongo.freshDatabase();
    TradeStore store = TradeStore.open(db);
    PlanSnapshot s =
        withEntryFill(withEntryOrder(active("p1", "alice", "AAPL"), 1), 40, "101.27", "e1");

    assertThat(store.create(s)).isEqualTo(CreateResult.CREATED);
    assertThat(store.create(s)).as("same plan id again").isEqualTo(CreateResult.ALREADY_EXISTS);
    assertThat(store.load("p1")).contains(s);

    Document raw = db.getCollection("trades").find(eq("_id", "p1")).first();
    assertThat(raw.getString("owner")).isEqualTo("alice");
    assertThat(raw.getString("symbol")).isEqualTo("AAPL");
    assertThat(raw.getString("orderStatus")).isEqualTo("CONTINGENT_ACTIVE");
    assertThat(raw.getString("tradeStatus")).isEqualTo("LIVE");
    assertThat(raw.get("avgEntryPrice")).isEqualTo(new Decimal128(new BigDecimal("101.27")));
    assertThat(raw.get("realizedPnl")).isInstanceOf(Decimal128.class);
    assertThat(raw.getList("orders", Document.class).get(0).getString("ref"))
        .isEqualTo("p1:ENTRY:0:1");
    assertThat(raw.getLong("version")).isEqualTo(s.version());
  }

  @Test
  void aPlansStrategyIsStoredWithItsParametersTyped() {
    MongoDatabase db = mongo.freshDatabase();
    TradeStore store = TradeStore.open(db);
    PlanSnapshot plain = active("p1", "alice", "AAPL");
    StrategyChoice choice =
        new StrategyChoice(
            "exit-at-time",
            Map.of(
                "exitAt", java.time.LocalTime.of(15, 55), "atrMultiple", new BigDecimal("2.50")));
    PlanSnapshot s = active(plain.plan().withStrategy(choice)).withRuleSetVersion(2);
    store.create(s);
    assertThat(store.load("p1")).contains(s);
    Document raw = db.getCollection("trades").find(eq("_id", "p1")).first();
    assertThat(raw.toJson())
        .contains("\"strategy\": {\"name\": \"exit-at-time\"")
        .contains("\"exitAt\": \"time 15:55\"")
        .contains("\"atrMultiple\": \"decimal 2.50\"");
  }

  @Test
  void conditionalUpdateWritesOnlyOnTopOfTheExpectedVersion() {
    TradeStore store = mongo.freshStore();
    PlanSnapshot v1 = active("p1", "alice", "AAPL");
    store.create(v1);
    PlanSnapshot v2 = withEntryOrder(v1, 1);

    assertThat(store.update(v2)).isEqualTo(new UpdateResult(UpdateResult.Outcome.UPDATED, 2));
    PlanSnapshot staleV2 = withCommission(v1, "1.00");
    assertThat(store.update(staleV2))
        .as("a write based on version 1 after version 2 was stored")
        .isEqualTo(new UpdateResult(UpdateResult.Outcome.CONFLICT, 2));
    assertThat(store.load("p1")).as("the stored state is untouched").contains(v2);
    assertThat(store.update(withStatus(active("nope", "a", "X"), PlanStatus.ENTRY_SUBMITTED)))
        .isEqualTo(new UpdateResult(UpdateResult.Outcome.NOT_FOUND, -1));
    assertThatThrownBy(() -> store.update(v2, 2)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theWriterThatLosesTheRaceRetriesFromFreshStateAndBothChangesSurvive() {
    TradeStore store = mongo.freshStore();
    PlanSnapshot v1 = withEntryOrder(active("p1", "alice", "AAPL"), 1);
    store.create(v1);

    // Two writers read version 2; A records a fill, B a commission.
    PlanSnapshot readByA = store.load("p1").orElseThrow();
    PlanSnapshot readByB = store.load("p1").orElseThrow();
    assertThat(store.update(withEntryFill(readByA, 100, "101.25", "e1")).updated()).isTrue();
    UpdateResult lost = store.update(withCommission(readByB, "1.05"));
    assertThat(lost.outcome()).isEqualTo(UpdateResult.Outcome.CONFLICT);

    // B retries from fresh state: reload, re-apply its change, write.
    PlanSnapshot fresh = store.load("p1").orElseThrow();
    assertThat(fresh.version()).isEqualTo(lost.storedVersion());
    assertThat(store.update(withCommission(fresh, "1.05")).updated()).isTrue();

    PlanSnapshot end = store.load("p1").orElseThrow();
    assertThat(end.position()).as("A's fill").isEqualTo(100);
    assertThat(end.commission()).as("B's commission").isEqualByComparingTo("1.05");
    assertThat(end.version()).isEqualTo(4);
  }

  /**
   * The document as a reader finds it. The embedded mongo-java-server (not MongoDB: a real server
   * never hides a document being updated) can miss the document while another thread's update of it
   * is applied (seen once in a full run), so a miss is read again, at most 100 times; what is under
   * test is that no update is lost, which every write's version check decides.
   */
  private static PlanSnapshot loadSeen(TradeStore store, String id) {
    for (int tries = 1; ; tries++) {
      java.util.Optional<PlanSnapshot> found = store.load(id);
      if (found.isPresent() || tries >= 100) {
        return found.orElseThrow();
      }
    }
  }

  @Test
  void concurrentReadModifyWriteLoopsLoseNoUpdate() throws Exception {
    TradeStore store = mongo.freshStore();
    store.create(active("p1", "alice", "AAPL"));
    int writers = 4;
    int changesEach = 25;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Integer>> conflicts = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      conflicts.add(
          pool.submit(
              () -> {
                go.await();
                int lostRaces = 0;
                for (int i = 0; i < changesEach; i++) {
                  while (true) {
                    PlanSnapshot fresh = loadSeen(store, "p1");
                    if (store.update(withCommission(fresh, "0.01")).updated()) {
                      break;
                    }
                    lostRaces++;
                  }
                }
                return lostRaces;
              }));
    }
    go.countDown();
    pool.shutdown();
    assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    for (Future<Integer> f : conflicts) {
      f.get();
    }
    PlanSnapshot end = store.load("p1").orElseThrow();
    assertThat(end.commission())
        .as("every one of %d changes applied exactly once", writers * changesEach)
        .isEqualTo(new BigDecimal("1.00"));
    assertThat(end.version()).isEqualTo(1 + writers * changesEach);
  }

  @Test
  void appendingEventsIsIdempotentOnRetryAndRefusesToOverwriteADifferentEvent() {
    TradeStore store = mongo.freshStore();
    List<PlanEvent> batch =
        List.of(
            statusEvent("p1", 7, PlanStatus.ENTRY_SUBMITTED),
            fillEvent("p1", 8, 60, "101.25"),
            fillEvent("p1", 9, 40, "101.26"));

    assertThat(store.appendEvents("alice", "p1", 0, 3, batch)).isEqualTo(new AppendResult(3, 0, 0));
    assertThat(store.appendEvents("alice", "p1", 0, 3, batch))
        .as("the same append retried")
        .isEqualTo(new AppendResult(0, 3, 0));
    assertThat(
            store.appendEvents(
                "alice", "p1", 2, 3, List.of(batch.get(2), fillEvent("p1", 10, 1, "1"))))
        .as("a retry overlapping new entries")
        .isEqualTo(new AppendResult(1, 1, 0));
    assertThat(
            store.appendEvents(
                "alice", "p1", 1, 4, List.of(statusEvent("p1", 11, PlanStatus.CANCELLED))))
        .as("a different event under a taken seq")
        .isEqualTo(new AppendResult(0, 0, 1));

    List<RecordedEvent> history = store.history("p1");
    assertThat(history).extracting(RecordedEvent::seq).containsExactly(0L, 1L, 2L, 3L);
    assertThat(history.subList(0, 3)).extracting(RecordedEvent::event).isEqualTo(batch);
    assertThat(history.get(1).event().rule()).isEqualTo("send entry when triggered");
    assertThat(store.lastSeq("p1")).isEqualTo(3);
    assertThat(store.lastSeq("other")).isEqualTo(-1);
  }

  @Test
  void theNextSeqStartsFromTheDocumentsHintAndFindsEntriesWrittenAfterIt() {
    MongoDatabase db = mongo.freshDatabase();
    TradeStore store = TradeStore.open(db);
    assertThat(store.nextSeq("p1")).as("no document, no history").isZero();
    store.appendEvents("alice", "p1", 0, 1, List.of(statusEvent("p1", 1, PlanStatus.ACTIVE)));
    assertThat(store.nextSeq("p1")).as("history written before the document").isEqualTo(1);

    PlanSnapshot s = active("p1", "alice", "AAPL");
    store.create(s, 1);
    assertThat(db.getCollection("trades").find(eq("_id", "p1")).first().getLong("nextSeq"))
        .isEqualTo(1);
    assertThat(store.nextSeq("p1")).isEqualTo(1);
    // A history-only write after the document (or a crash between history and document).
    store.appendEvents(
        "alice",
        "p1",
        1,
        -1,
        List.of(
            fillEvent("p1", 2, 1, "1"), fillEvent("p1", 3, 1, "1"), fillEvent("p1", 4, 1, "1")));
    assertThat(store.nextSeq("p1")).isEqualTo(4).isEqualTo(store.lastSeq("p1") + 1);

    PlanSnapshot next = withStatus(s, PlanStatus.ENTRY_SUBMITTED);
    assertThat(store.update(next, s.version(), 4).updated()).isTrue();
    assertThat(store.update(next.withVersion(next.version() + 1), next.version()).updated())
        .as("an update without a seq")
        .isTrue();
    assertThat(db.getCollection("trades").find(eq("_id", "p1")).first().getLong("nextSeq"))
        .as("keeps the recorded one")
        .isEqualTo(4);

    // Far behind the hint (more than the probes) and without a hint: the history is read.
    List<PlanEvent> many = new ArrayList<>();
    for (int i = 0; i < EventLog.NEXT_SEQ_PROBES + 5; i++) {
      many.add(fillEvent("p1", 10 + i, 1, "1"));
    }
    store.appendEvents("alice", "p1", 4, -1, many);
    assertThat(store.nextSeq("p1")).isEqualTo(4 + many.size());
    db.getCollection("trades").updateOne(eq("_id", "p1"), Updates.unset("nextSeq"));
    assertThat(store.nextSeq("p1"))
        .as("a document from before the hint")
        .isEqualTo(4 + many.size());
  }

  @Test
  void anAppendRetriedAfterAPartialInsertStoresTheRestWithoutAGap() {
    TradeStore store = mongo.freshStore();
    List<PlanEvent> batch = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      batch.add(fillEvent("p1", i, 1, "1"));
    }
    // The first attempt stored a prefix (an ordered insert that failed part-way), then the retry.
    assertThat(store.appendEvents("alice", "p1", 0, 1, batch.subList(0, 2)))
        .isEqualTo(new AppendResult(2, 0, 0));
    assertThat(store.appendEvents("alice", "p1", 0, 1, batch)).isEqualTo(new AppendResult(4, 2, 0));
    // A taken seq in the middle of a batch does not stop the entries after it.
    assertThat(store.appendEvents("alice", "p2", 1, 1, List.of(fillEvent("p2", 1, 1, "1"))))
        .isEqualTo(new AppendResult(1, 0, 0));
    assertThat(
            store.appendEvents(
                "alice",
                "p2",
                0,
                1,
                List.of(
                    fillEvent("p2", 0, 1, "1"),
                    fillEvent("p2", 1, 1, "1"),
                    fillEvent("p2", 2, 1, "1"))))
        .isEqualTo(new AppendResult(2, 1, 0));

    assertThat(store.history("p1")).extracting(RecordedEvent::event).isEqualTo(batch);
    assertThat(store.history("p2")).extracting(RecordedEvent::seq).containsExactly(0L, 1L, 2L);
    assertThat(store.nextSeq("p1")).isEqualTo(6);
  }

  @Test
  void tradesAreFoundByOwnerAndStatusAndCountedByStatus() {
    MongoDatabase db = mongo.freshDatabase();
    TradeStore store = TradeStore.open(db);
    PlanSnapshot a1 = active("a1", "alice", "AAPL");
    PlanSnapshot a2 = withEntryOrder(active("a2", "alice", "MSFT"), 2);
    PlanSnapshot a3 = withStatus(active("a3", "alice", "AAPL"), PlanStatus.CANCELLED);
    PlanSnapshot b1 = withEntryOrder(active("b1", "bob", "AAPL"), 1);
    for (PlanSnapshot s : List.of(a1, a2, a3, b1)) {
      store.create(s);
    }

    assertThat(store.findByOwner("alice", Set.of()).plans()).containsExactly(a1, a2, a3);
    assertThat(store.findByOwner("alice", TradeStore.MONITORED).plans()).containsExactly(a1, a2);
    assertThat(store.findByOwner("alice", Set.of(PlanStatus.CANCELLED)).plans())
        .containsExactly(a3);
    assertThat(store.loadMonitored().plans()).containsExactly(a1, a2, b1);
    assertThat(store.findByOwners(List.of("alice", "bob"), TradeStore.MONITORED).plans())
        .containsExactly(a1, a2, b1);
    assertThat(store.findByOwners(List.of("bob", "carol"), Set.of()).plans()).containsExactly(b1);
    assertThat(store.findByOwners(List.of(), Set.of()).plans()).isEmpty();
    PlanCounts counts = new PlanCounts(mongo.connectionTo(db));
    Duration bound = Duration.ofSeconds(5);
    assertThat(counts.inStatuses(TradeStore.MONITORED, bound)).isEqualTo(3);
    assertThat(counts.inStatuses(Set.of(PlanStatus.CANCELLED), bound)).isEqualTo(1);
    assertThat(counts.inStatuses(Set.of(PlanStatus.INACTIVE), bound)).isZero();
    assertThatThrownBy(() -> counts.inStatuses(Set.of(), bound)).hasMessageContaining("statuses");
  }

  @Test
  void theRealizedPnlOfThePlansUpdatedSinceAMomentIsSummedExactly() {
    MongoDatabase db = mongo.freshDatabase();
    TradeStore store = TradeStore.open(db);
    java.time.Instant before = java.time.Instant.now().minusSeconds(60);
    store.create(withCommission(active("a1", "alice", "AAPL"), "1.25"));
    store.create(withCommission(active("b1", "bob", "MSFT"), "0.10"));
    store.create(active("c1", "carol", "SPY"));
    PlanCounts counts = new PlanCounts(mongo.connectionTo(db));
    Duration bound = Duration.ofSeconds(5);
    assertThat(counts.realizedPnlOfPlansUpdatedSince(before, bound))
        .isEqualByComparingTo(new java.math.BigDecimal("-1.35"));
    assertThat(
            counts.realizedPnlOfPlansUpdatedSince(java.time.Instant.now().plusSeconds(60), bound))
        .isZero();
  }

  @Test
  void aTradersCountInStatusesEqualsTheirPlansInThoseStatusesOnSeededBooks() {
    MongoDatabase db = mongo.freshDatabase();
    TradeStore store = TradeStore.open(db);
    java.util.Random r = new java.util.Random(20261205);
    PlanStatus[] all = PlanStatus.values();
    List<PlanSnapshot> stored = new java.util.ArrayList<>();
    for (int i = 0; i < 60; i++) {
      PlanSnapshot s =
          withStatus(active("s" + i, "u" + r.nextInt(4), "AAPL"), all[r.nextInt(all.length)]);
      store.create(s);
      stored.add(s);
    }
    for (int round = 0; round < 20; round++) {
      String owner = "u" + r.nextInt(5);
      Set<PlanStatus> statuses = new java.util.HashSet<>();
      for (PlanStatus st : all) {
        if (r.nextInt(3) == 0) {
          statuses.add(st);
        }
      }
      long expected =
          stored.stream()
              .filter(s -> s.plan().owner().equals(owner))
              .filter(s -> statuses.isEmpty() || statuses.contains(s.status()))
              .count();
      assertThat(store.countByOwner(owner, statuses))
          .as("%s in %s", owner, statuses)
          .isEqualTo(expected);
    }
  }

  @Test
  void aTradersPlansArePagedByIdAndCountedByStatus() {
    MongoDatabase db = mongo.freshDatabase();
    TradeStore store = TradeStore.open(db);
    PlanSnapshot a1 = active("a1", "alice", "AAPL");
    PlanSnapshot a2 = withStatus(active("a2", "alice", "MSFT"), PlanStatus.CANCELLED);
    PlanSnapshot a3 = active("a3", "alice", "AAPL");
    PlanSnapshot a4 = active("a4", "alice", "AAPL");
    PlanSnapshot b1 = active("b1", "bob", "AAPL");
    for (PlanSnapshot s : List.of(a4, b1, a2, a1, a3)) {
      store.create(s);
    }

    assertThat(store.findByOwner("alice", null, Set.of(), null, 2).plans()).containsExactly(a1, a2);
    assertThat(store.findByOwner("alice", null, Set.of(), "a2", 2).plans()).containsExactly(a3, a4);
    assertThat(store.findByOwner("alice", null, Set.of(), "a4", 2).plans()).isEmpty();
    assertThat(store.findByOwner("alice", null, TradeStore.MONITORED, "a1", 2).plans())
        .containsExactly(a3, a4);
    assertThat(store.findByOwner("alice", "MSFT", Set.of(), null, 10).plans()).containsExactly(a2);
    assertThat(store.countByOwner("alice", TradeStore.MONITORED)).isEqualTo(3);
    assertThat(store.countByOwner("alice", Set.of())).isEqualTo(4);
    assertThat(store.countByOwner("carol", Set.of())).isZero();
    assertThatThrownBy(() -> store.findByOwner("alice", null, Set.of(), null, 0))
        .hasMessageContaining("limit");
    assertThatThrownBy(
            () -> store.findByOwner("alice", null, Set.of(), null, TradeStore.PAGE_MAX + 1))
        .hasMessageContaining("limit");
  }

  @Test
  void brokerOrderIdsAreRecordedOnceAndSurviveSnapshotUpdates() {
    TradeStore store = mongo.freshStore();
    PlanSnapshot v2 = withEntryOrder(active("p1", "alice", "AAPL"), 1);
    store.create(v2);
    assertThat(store.recordBrokerOrderId("p1", "p1:ENTRY:0:1", 987654321L)).isTrue();
    assertThat(store.recordBrokerOrderId("p1", "p1:ENTRY:0:1", 987654321L)).isFalse();
    store.update(withEntryFill(v2, 100, "101.25", "e1"));
    assertThat(store.brokerOrderIds("p1")).containsEntry("p1:ENTRY:0:1", 987654321L);
  }

  @Test
  void concurrentJournalWritesOfOnePlanLoseNothingAndRecordEachOrderOnce() throws Exception {
    TradeStore store = mongo.freshStore();
    store.create(withEntryOrder(active("p1", "alice", "AAPL"), 1));
    int threads = 6;
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      // Every thread journals its own order and tries the shared one: the shared one is recorded
      // once, and no thread's own entry is lost to another's write.
      java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
      List<java.util.concurrent.Future<Boolean>> shared = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        shared.add(
            pool.submit(
                () -> {
                  start.await();
                  assertThat(store.recordBrokerOrderId("p1", "p1:TARGET:" + id + ":1", 100 + id))
                      .isTrue();
                  return store.recordBrokerOrderId("p1", "p1:ENTRY:0:1", 1_000 + id);
                }));
      }
      int firsts = 0;
      for (var f : shared) {
        firsts += f.get(30, java.util.concurrent.TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(firsts).as("the shared order recorded by exactly one thread").isEqualTo(1);
      Map<String, Long> journal = store.brokerOrderIds("p1");
      assertThat(journal).hasSize(threads + 1);
      for (int t = 0; t < threads; t++) {
        assertThat(journal).containsEntry("p1:TARGET:" + t + ":1", 100L + t);
      }
      // Racing re-sends of one order: exactly one wins.
      List<java.util.concurrent.Future<Boolean>> resends = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        resends.add(
            pool.submit(
                () -> {
                  start.await();
                  return store.recordBrokerOrderIdOfResend("p1", "p1:ENTRY:0:1", 5_000 + id);
                }));
      }
      int resent = 0;
      for (var f : resends) {
        resent += f.get(30, java.util.concurrent.TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(resent).as("one re-send only").isEqualTo(1);
      assertThat(store.brokerOrderIds("p1").get("p1:ENTRY:0:1")).isBetween(5_000L, 5_005L);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aJournalWrittenBeforeItHadACounterIsReadAndExtended() {
    MongoDatabase db = mongo.freshDatabase();
    TradeStore store = TradeStore.open(db);
    store.create(withEntryOrder(active("p1", "alice", "AAPL"), 1));
    // The shape of a journal written by an earlier version: entries, no journalVersion.
    db.getCollection(TradeStore.TRADES)
        .updateOne(
            new org.bson.Document("_id", "p1"),
            com.mongodb.client.model.Updates.push(
                SendJournal.BROKER_ORDERS,
                new org.bson.Document("ref", "p1:ENTRY:0:1").append("brokerOrderId", 5L)));
    assertThat(store.brokerOrderIds("p1")).containsEntry("p1:ENTRY:0:1", 5L);
    assertThat(store.recordBrokerOrderId("p1", "p1:ENTRY:0:1", 9L)).isFalse();
    assertThat(store.recordBrokerOrderId("p1", "p1:STOP:0:1", 6L)).isTrue();
    assertThat(store.recordBrokerOrderIdOfResend("p1", "p1:ENTRY:0:1", 7L)).isTrue();
    assertThat(store.brokerOrderIds("p1"))
        .containsEntry("p1:ENTRY:0:1", 7L)
        .containsEntry("p1:STOP:0:1", 6L)
        .hasSize(2);
    assertThat(store.recordBrokerOrderId("p9", "p9:ENTRY:0:1", 1L))
        .as("no such plan: nothing journaled")
        .isFalse();
  }

  @Test
  void aJournaledOrderMayBeReJournaledForOneResendOnly() {
    TradeStore store = mongo.freshStore();
    store.create(withEntryOrder(active("p1", "alice", "AAPL"), 1));
    assertThat(store.recordBrokerOrderIdOfResend("p1", "p1:ENTRY:0:1", 7L))
        .as("nothing journaled yet: nothing to re-send")
        .isFalse();
    assertThat(store.recordBrokerOrderId("p1", "p1:ENTRY:0:1", 5L)).isTrue();
    assertThat(store.recordBrokerOrderId("p1", "p1:TARGET:0:1", 6L)).isTrue();
    assertThat(store.recordBrokerOrderIdOfResend("p1", "p1:ENTRY:0:1", 7L)).isTrue();
    assertThat(store.recordBrokerOrderIdOfResend("p1", "p1:ENTRY:0:1", 8L))
        .as("a second re-send")
        .isFalse();
    assertThat(store.recordBrokerOrderId("p1", "p1:ENTRY:0:1", 9L)).isFalse();
    assertThat(store.brokerOrderIds("p1"))
        .containsEntry("p1:ENTRY:0:1", 7L)
        .containsEntry("p1:TARGET:0:1", 6L)
        .hasSize(2);
    store.create(withEntryOrder(active("p2", "alice", "AAPL"), 1));
    store.create(withEntryOrder(active("p3", "alice", "AAPL"), 1));
    assertThat(store.recordBrokerOrderId("p3", "p3:ENTRY:0:1", 11L)).isTrue();
    Map<String, Map<String, Long>> many = store.brokerOrderIds(List.of("p1", "p2", "p3", "p9"));
    assertThat(many.get("p1")).isEqualTo(store.brokerOrderIds("p1"));
    assertThat(many.get("p2")).isEmpty();
    assertThat(many.get("p3")).containsExactly(Map.entry("p3:ENTRY:0:1", 11L));
    assertThat(many).doesNotContainKey("p9");
  }

  @Test
  void decimalsRoundTripExactlyWithTheirScale() {
    TradeStore store = mongo.freshStore();
    BigDecimal pointThree = new BigDecimal("0.1").add(new BigDecimal("0.2"));
    BigDecimal thirtyFourDigits = new BigDecimal("1234567890123456789012345678.901234");
    BigDecimal tiny = new BigDecimal("0.000000000000000000000000000000001");
    BigDecimal trailingZero = new BigDecimal("100.10");
    PlanSnapshot base = withEntryFill(active("p1", "alice", "AAPL"), 3, "100.10", "e1");
    PlanSnapshot s =
        base.withFills(
                base.position(),
                base.filledEntryQuantity(),
                thirtyFourDigits,
                pointThree,
                tiny,
                base.executionIds())
            .withActiveStop(trailingZero)
            .withBestPrice(thirtyFourDigits.negate());
    store.create(s);

    PlanSnapshot back = store.load("p1").orElseThrow();
    assertThat(back).isEqualTo(s);
    assertThat(back.grossPnl()).isEqualTo(new BigDecimal("0.3")); // equals: value and scale
    assertThat(back.entryCost()).isEqualTo(thirtyFourDigits);
    assertThat(back.commission()).isEqualTo(tiny);
    assertThat(back.activeStop().toPlainString()).isEqualTo("100.10");

    BigDecimal thirtyFiveDigits = new BigDecimal("12345678901234567890123456789012345");
    PlanSnapshot tooPrecise =
        PlanSnapshot.initial(base.plan(), base.status())
            .withFills(0, 0, thirtyFiveDigits, BigDecimal.ZERO, BigDecimal.ZERO, List.of())
            .withVersion(9);
    assertThatThrownBy(() -> store.update(tooPrecise, 2))
        .as("a value Decimal128 cannot hold is refused, never rounded")
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void seededRandomSnapshotsRoundTripThroughTheStoreUnchanged() {
    TradeStore store = mongo.freshStore();
    Random random = new Random(20261125L);
    for (int n = 0; n < 300; n++) {
      PlanSnapshot s = RandomSnapshots.randomSnapshot(random, n);
      assertThat(store.create(s)).isEqualTo(CreateResult.CREATED);
      assertThat(store.load(s.planId())).as("snapshot %d", n).contains(s);
    }
  }

  @Test
  void unreadableDocumentsAreQuarantinedWithTheirPlanIdAndTheOthersStillLoad() {
    MongoDatabase db = mongo.freshDatabase();
    TradeStore store = TradeStore.open(db);
    PlanSnapshot good = active("good", "alice", "AAPL");
    store.create(good);
    store.create(active("missing", "alice", "AAPL"));
    store.create(active("mistyped", "alice", "AAPL"));
    store.create(active("badEnum", "alice", "AAPL"));
    var trades = db.getCollection("trades");
    trades.updateOne(eq("_id", "missing"), Updates.unset("state.position"));
    trades.updateOne(eq("_id", "mistyped"), Updates.set("plan.entry.price", "101.25"));
    trades.updateOne(eq("_id", "badEnum"), Updates.set("state.status", "SLEEPING"));
    trades.insertOne(new Document("_id", "noState").append("orderStatus", "ACTIVE"));

    LoadResult loaded = store.loadMonitored();

    assertThat(loaded.plans()).containsExactly(good);
    assertThat(loaded.quarantined())
        .extracting(QuarantinedDocument::planId)
        .containsExactlyInAnyOrder("missing", "mistyped", "badEnum", "noState");
    assertThat(reason(loaded, "missing")).contains("position");
    assertThat(reason(loaded, "mistyped"))
        .as("a price stored as a string, as Spring Data would have stored it")
        .contains("price")
        .contains("Decimal128");
    assertThat(reason(loaded, "badEnum")).contains("SLEEPING");
    Document q = db.getCollection("quarantine").find(eq("planId", "mistyped")).first();
    assertThat(q).as("a copy in the quarantine collection").isNotNull();
    assertThat(q.getString("reason")).contains("price");
    assertThat(q.get("document", Document.class).getString("owner")).isEqualTo("alice");
    assertThat(store.loadMonitored().quarantined())
        .as("a second load reports them again")
        .hasSize(4);
    assertThat(db.getCollection("quarantine").countDocuments())
        .as("without piling up copies")
        .isEqualTo(4);
  }

  private static String reason(LoadResult r, String planId) {
    return r.quarantined().stream()
        .filter(q -> q.planId().equals(planId))
        .findFirst()
        .orElseThrow()
        .reason();
  }
}
