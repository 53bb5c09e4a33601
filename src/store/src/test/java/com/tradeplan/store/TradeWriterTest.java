package com.tradeplan.store;

import static com.tradeplan.testkit.plans.TestPlans.active;
import static com.tradeplan.testkit.plans.TestPlans.fillEvent;
import static com.tradeplan.testkit.plans.TestPlans.statusEvent;
import static com.tradeplan.testkit.plans.TestPlans.withCommission;
import static com.tradeplan.testkit.plans.TestPlans.withEntryOrder;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.testkit.Await;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class TradeWriterTest {
  @RegisterExtension static final TestMongo mongo = new TestMongo();

  static TradeWriter.Config config(int capacity, Duration submitBlockMax) {
    return new TradeWriter.Config(
        capacity,
        2,
        submitBlockMax,
        Duration.ofMillis(5),
        Duration.ofMillis(100),
        3,
        Duration.ofSeconds(2));
  }

  /** One writer lane, so that every plan of a test waits in the same queue. */
  static TradeWriter.Config oneLane() {
    return new TradeWriter.Config(
        64,
        1,
        Duration.ofSeconds(1),
        Duration.ofMillis(5),
        Duration.ofMillis(100),
        3,
        Duration.ofSeconds(10));
  }

  @Test
  void eachPlansWritesArriveInSubmissionOrderUnderConcurrency() throws Exception {
    TradeStore store = mongo.freshStore();
    int threads = 4;
    int plansPerThread = 5;
    int versions = 40;
    try (TradeWriter writer =
        new TradeWriter(store, config(32, Duration.ofSeconds(10)), StoreAlertListener.NONE)) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        // one submitting thread per plan, as with rule sessions
        done.add(
            pool.submit(
                () -> {
                  List<PlanSnapshot> last = new ArrayList<>();
                  for (int p = 0; p < plansPerThread; p++) {
                    last.add(active("t" + thread + "p" + p, "owner" + thread, "SYM" + p));
                    assertThat(writer.submit(last.get(p), List.of())).isTrue();
                  }
                  for (int v = 2; v <= versions; v++) {
                    for (int p = 0; p < plansPerThread; p++) {
                      PlanSnapshot next = withCommission(last.get(p), "0.01");
                      last.set(p, next);
                      PlanEvent e = statusEvent(next.planId(), v, PlanStatus.ACTIVE);
                      assertThat(writer.submit(next, List.of(e))).isTrue();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();
      assertThat(writer.flush(Duration.ofSeconds(60))).as("drained").isTrue();
      assertThat(writer.metrics().queueDepth()).isZero();
    }
    for (int t = 0; t < threads; t++) {
      for (int p = 0; p < plansPerThread; p++) {
        String id = "t" + t + "p" + p;
        PlanSnapshot stored = store.load(id).orElseThrow();
        assertThat(stored.version()).as("%s ends at its last version", id).isEqualTo(versions);
        assertThat(stored.commission()).isEqualTo(new BigDecimal("0.39"));
        List<RecordedEvent> history = store.history(id);
        assertThat(history)
            .extracting(RecordedEvent::seq)
            .as("gap-free seqs of %s", id)
            .containsExactlyElementsOf(longs(0, versions - 2));
        assertThat(history)
            .extracting(r -> r.event().tick())
            .as("events of %s in order", id)
            .containsExactlyElementsOf(longs(2, versions));
      }
    }
  }

  @Test
  void anOrderIntentIsInTheStoreWhenRecordIntentDurablyReturns() {
    TradeStore store = mongo.freshStore();
    try (TradeWriter writer =
        new TradeWriter(store, config(16, Duration.ofSeconds(1)), StoreAlertListener.NONE)) {
      PlanSnapshot v1 = active("p1", "alice", "AAPL");
      assertThat(writer.submit(v1, List.of(statusEvent("p1", 0, PlanStatus.ACTIVE)))).isTrue();
      PlanSnapshot intent = withEntryOrder(v1, 1);

      assertThat(writer.recordIntentDurably(intent)).isTrue();

      assertThat(store.load("p1")).as("readable by a fresh reader at once").contains(intent);
      assertThat(store.history("p1")).as("earlier events of the plan went first").hasSize(1);
      assertThat(writer.recordIntentDurably(intent)).as("an idempotent repeat").isTrue();
    }
  }

  @Test
  void anOrderIntentIsWrittenBeforeOtherPlansWritesThatWaitAheadOfIt() throws Exception {
    GateClock clock = new GateClock();
    var database = mongo.freshDatabase();
    TradeStore store = new TradeStore(database, clock);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (TradeWriter writer = new TradeWriter(store, oneLane(), StoreAlertListener.NONE)) {
      PlanSnapshot x = active("x", "alice", "AAPL");
      assertThat(writer.recordIntentDurably(x)).isTrue();

      clock.close(); // the lane thread stops inside its next write
      assertThat(writer.submit(active("b0", "bob", "MSFT"), List.of())).isTrue();
      assertThat(clock.entered.await(10, TimeUnit.SECONDS)).as("b0 is being written").isTrue();
      for (int i = 1; i <= 20; i++) {
        assertThat(writer.submit(active("b" + i, "bob", "MSFT"), List.of())).isTrue();
      }
      PlanSnapshot intent = withEntryOrder(x, 1);
      Future<Boolean> durable = pool.submit(() -> writer.recordIntentDurably(intent));
      Await.until(
          Duration.ofSeconds(10),
          Duration.ofMillis(1),
          () -> writer.metrics().queueDepth() >= 22,
          () -> "22 queued, " + writer.metrics().queueDepth() + " are");
      assertThat(writer.metrics().queueDepth()).as("b0..b20 and the intent queued").isEqualTo(22);
      clock.open();

      assertThat(durable.get(10, TimeUnit.SECONDS)).isTrue();
      assertThat(writer.flush(Duration.ofSeconds(10))).isTrue();
      long intentWrittenAt = updatedAt(database, "x");
      assertThat(updatedAt(database, "b0"))
          .as("b0 was being written already")
          .isLessThan(intentWrittenAt);
      for (int i = 1; i <= 20; i++) {
        assertThat(updatedAt(database, "b" + i))
            .as("b%d, queued before the intent, is written after it", i)
            .isGreaterThan(intentWrittenAt);
      }
      assertThat(store.load("x")).contains(intent);
    } finally {
      clock.open();
      pool.shutdownNow();
    }
  }

  @Test
  void theHistoryOfSeveralStepsThatWaitedTogetherGoesInOneInsertUnderItsOwnSeqsAndVersions()
      throws Exception {
    java.util.concurrent.atomic.AtomicInteger eventInserts =
        new java.util.concurrent.atomic.AtomicInteger();
    try (MongoClient client =
        listenedClient(
            e -> {
              if (e.getCommandName().equals("insert")
                  && e.getCommand().getString("insert").getValue().equals("events")) {
                eventInserts.incrementAndGet();
              }
            })) {
      GateClock clock = new GateClock();
      TradeStore store = new TradeStore(client.getDatabase("steps"), clock);
      store.ensureIndexes();
      try (TradeWriter writer = new TradeWriter(store, oneLane(), StoreAlertListener.NONE)) {
        PlanSnapshot v1 = active("p1", "alice", "AAPL");
        assertThat(writer.recordIntentDurably(v1)).isTrue();
        clock.close(); // the lane stops inside the next write: another plan's
        assertThat(writer.submit(active("z", "bob", "MSFT"), List.of())).isTrue();
        assertThat(clock.entered.await(10, TimeUnit.SECONDS)).isTrue();
        PlanSnapshot v2 = withEntryOrder(v1, 1);
        PlanSnapshot v3 = withCommission(v2, "0.10");
        assertThat(writer.submit(v2, List.of(statusEvent("p1", 1, PlanStatus.ENTRY_SUBMITTED))))
            .isTrue();
        assertThat(
                writer.submit(
                    v3, List.of(fillEvent("p1", 2, 10, "101.25"), fillEvent("p1", 2, 5, "101.30"))))
            .isTrue();
        assertThat(writer.submit(null, List.of(fillEvent("p1", 3, 1, "101.40")))).isTrue();
        int before = eventInserts.get();
        clock.open();
        assertThat(writer.flush(Duration.ofSeconds(10))).isTrue();

        assertThat(eventInserts.get() - before).as("one insert for the three steps").isEqualTo(1);
        assertThat(store.history("p1"))
            .extracting(RecordedEvent::seq, RecordedEvent::version)
            .containsExactly(
                org.assertj.core.groups.Tuple.tuple(0L, v2.version()),
                org.assertj.core.groups.Tuple.tuple(1L, v3.version()),
                org.assertj.core.groups.Tuple.tuple(2L, v3.version()),
                org.assertj.core.groups.Tuple.tuple(3L, -1L));
        assertThat(store.load("p1")).contains(v3);
      }
    }
  }

  @Test
  void anAdoptedPlanContinuesItsHistoryFromTheDocumentsHintWithoutReadingTheHistory()
      throws Exception {
    java.util.concurrent.atomic.AtomicInteger historyReads =
        new java.util.concurrent.atomic.AtomicInteger();
    try (MongoClient client =
        listenedClient(
            e -> {
              // lastSeq's query: the plan's entries sorted by seq (a scan in the embedded server).
              if (e.getCommandName().equals("find")
                  && e.getCommand().containsKey("sort")
                  && e.getCommand().getString("find").getValue().startsWith("events")) {
                historyReads.incrementAndGet();
              }
            })) {
      TradeStore store = new TradeStore(client.getDatabase("adopted"), java.time.Clock.systemUTC());
      store.ensureIndexes();
      PlanSnapshot v1 = active("p1", "alice", "AAPL");
      PlanSnapshot v2 = withEntryOrder(v1, 1);
      try (TradeWriter first = new TradeWriter(store, oneLane(), StoreAlertListener.NONE)) {
        assertThat(first.submit(v1, List.of(statusEvent("p1", 0, PlanStatus.ACTIVE)))).isTrue();
        assertThat(first.submit(v2, List.of(statusEvent("p1", 1, PlanStatus.ENTRY_SUBMITTED))))
            .isTrue();
        assertThat(first.submit(null, List.of(fillEvent("p1", 2, 1, "101.40")))).isTrue();
        assertThat(first.flush(Duration.ofSeconds(10))).isTrue();
      }
      // Another member takes the user over: it adopts the stored version and writes on.
      int before = historyReads.get();
      PlanSnapshot v3 = withCommission(v2, "0.10");
      try (TradeWriter second = new TradeWriter(store, oneLane(), StoreAlertListener.NONE)) {
        second.adopt("p1", v2.version());
        assertThat(second.submit(v3, List.of(fillEvent("p1", 3, 9, "101.50")))).isTrue();
        assertThat(second.flush(Duration.ofSeconds(10))).isTrue();
      }

      assertThat(historyReads.get() - before).as("history reads after the adopt").isZero();
      assertThat(store.history("p1"))
          .extracting(RecordedEvent::seq)
          .containsExactly(0L, 1L, 2L, 3L);
      assertThat(store.nextSeq("p1")).isEqualTo(4);
      assertThat(store.load("p1")).contains(v3);
    }
  }

  @Test
  void aFlushOfSomePlansWaitsForTheirWritesOnlyAndPutsThemFirst() throws Exception {
    GateClock clock = new GateClock();
    var database = mongo.freshDatabase();
    TradeStore store = new TradeStore(database, clock);
    store.ensureIndexes();
    try (TradeWriter writer = new TradeWriter(store, oneLane(), StoreAlertListener.NONE)) {
      clock.close(); // z's write holds the only lane
      assertThat(writer.submit(active("z", "bob", "MSFT"), List.of())).isTrue();
      assertThat(clock.entered.await(10, TimeUnit.SECONDS)).isTrue();
      for (int i = 0; i < 10; i++) {
        assertThat(writer.submit(active("b" + i, "bob", "MSFT"), List.of())).isTrue();
      }
      assertThat(writer.submit(active("p1", "alice", "AAPL"), List.of())).isTrue();

      assertThat(writer.flush(List.of("z"), Duration.ofMillis(50)))
          .as("z is being written")
          .isFalse();
      assertThat(writer.flush(List.of("p1"), Duration.ofMillis(50))).as("p1 is queued").isFalse();
      assertThat(writer.flush(List.of("q9"), Duration.ofMillis(50)))
          .as("nothing of q9 waits")
          .isTrue();
      clock.open();
      assertThat(writer.flush(List.of("p1", "z"), Duration.ofSeconds(10))).isTrue();
      assertThat(store.load("p1")).isPresent();
      assertThat(store.load("z")).isPresent();
      assertThat(writer.flush(Duration.ofSeconds(10))).isTrue();
      for (int i = 0; i < 10; i++) {
        assertThat(updatedAt(database, "b" + i))
            .as("b%d, queued before p1, is written after the flush asked for p1", i)
            .isGreaterThan(updatedAt(database, "p1"));
      }
    } finally {
      clock.open();
    }
  }

  /** A client of the test server; {@code started} sees every command it sends. */
  private static MongoClient listenedClient(
      java.util.function.Consumer<com.mongodb.event.CommandStartedEvent> started) {
    com.mongodb.event.CommandListener listener =
        new com.mongodb.event.CommandListener() {
          @Override
          public void commandStarted(com.mongodb.event.CommandStartedEvent e) {
            started.accept(e);
          }
        };
    return com.mongodb.client.MongoClients.create(
        com.mongodb.MongoClientSettings.builder()
            .applyConnectionString(
                new com.mongodb.ConnectionString(mongo.server.connectionString()))
            .addCommandListener(listener)
            .build());
  }

  private static long updatedAt(com.mongodb.client.MongoDatabase db, String planId) {
    org.bson.Document d =
        db.getCollection(TradeStore.TRADES).find(new org.bson.Document("_id", planId)).first();
    assertThat(d).as("document of %s", planId).isNotNull();
    return d.getDate("updatedAt").getTime();
  }

  /**
   * A clock whose every reading is one millisecond after the last (so the store's updatedAt fields
   * give the order of its writes) and that, once closed, holds every reader until opened again.
   */
  static final class GateClock extends java.time.Clock {
    private final AtomicInteger readings = new AtomicInteger();

    /** Counted down when a reader is held by the gate closed last. */
    volatile CountDownLatch entered = new CountDownLatch(1);

    private volatile CountDownLatch gate = new CountDownLatch(0);

    void close() {
      entered = new CountDownLatch(1);
      gate = new CountDownLatch(1);
    }

    void open() {
      gate.countDown();
    }

    @Override
    public java.time.Instant instant() {
      CountDownLatch g = gate;
      if (g.getCount() > 0) {
        entered.countDown();
        try {
          g.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return java.time.Instant.ofEpochMilli(1_000_000_000L + readings.incrementAndGet());
    }

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public java.time.Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @Test
  void intentsOfPlansThatWaitedTogetherGoInOneUpdateAndAConflictAmongThemIsFoundAlone()
      throws Exception {
    List<Integer> updateStatements = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (MongoClient client =
        listenedClient(
            e -> {
              if (e.getCommandName().equals("update")
                  && e.getCommand().getString("update").getValue().equals("trades")) {
                updateStatements.add(e.getCommand().getArray("updates").size());
              }
            })) {
      GateClock clock = new GateClock();
      TradeStore store = new TradeStore(client.getDatabase("bulk"), clock);
      store.ensureIndexes();
      RecordingListener alerts = new RecordingListener();
      try (TradeWriter writer = new TradeWriter(store, oneLane(), alerts)) {
        List<PlanSnapshot> first = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
          first.add(active("p" + i, "u" + i, "AAPL"));
        }
        assertThat(writer.recordIntentsDurably(first)).containsOnly(true);
        // Another writer moves p3 on: this writer's write of p3 must not land.
        PlanSnapshot theirs = withCommission(first.get(3), "9.99").withVersion(7);
        assertThat(store.update(theirs, first.get(3).version()).updated()).isTrue();

        clock.close(); // the lane stops inside its next write: another plan's
        assertThat(writer.submit(active("z", "bob", "MSFT"), List.of())).isTrue();
        assertThat(clock.entered.await(10, TimeUnit.SECONDS)).isTrue();
        List<PlanSnapshot> next = new ArrayList<>();
        first.forEach(s -> next.add(withEntryOrder(s, 1)));
        java.util.concurrent.CompletableFuture<List<Boolean>> durable =
            java.util.concurrent.CompletableFuture.supplyAsync(
                () -> writer.recordIntentsDurably(next));
        Await.until(
            Duration.ofSeconds(10),
            () -> writer.metrics().queueDepth() == next.size() + 1,
            () -> "intents queued: " + writer.metrics());
        int before = updateStatements.size();
        clock.open();

        assertThat(durable.get(10, TimeUnit.SECONDS))
            .as("durable per plan; p3 lost to the other writer")
            .containsExactly(true, true, true, false, true, true);
        assertThat(updateStatements.subList(before, updateStatements.size()))
            .as("statements of each update command after the lane resumed")
            .startsWith(next.size());
        assertThat(writer.bulkWrites()).as("bulks that matched in full").isZero();
        assertThat(alerts.conflicts.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < next.size(); i++) {
          assertThat(store.load("p" + i)).contains(i == 3 ? theirs : next.get(i));
        }

        // Without a conflict the bulk matches in full and is the only write.
        clock.close();
        assertThat(writer.submit(withEntryOrder(active("z2", "bob", "MSFT"), 1), List.of()))
            .isTrue();
        // The lane stops inside z2's write, so the intents below are all taken together.
        assertThat(clock.entered.await(10, TimeUnit.SECONDS)).isTrue();
        List<PlanSnapshot> third = new ArrayList<>();
        for (int i : List.of(0, 1, 2, 4, 5)) {
          third.add(withCommission(next.get(i), "0.10"));
        }
        java.util.concurrent.CompletableFuture<List<Boolean>> again =
            java.util.concurrent.CompletableFuture.supplyAsync(
                () -> writer.recordIntentsDurably(third));
        Await.until(
            Duration.ofSeconds(10),
            () -> writer.metrics().queueDepth() == third.size() + 1,
            () -> "intents queued: " + writer.metrics());
        int before2 = updateStatements.size();
        clock.open();
        assertThat(again.get(10, TimeUnit.SECONDS)).containsOnly(true);
        assertThat(writer.bulkWrites()).isEqualTo(1);
        assertThat(updateStatements.subList(before2, updateStatements.size()))
            .as("one command for the five intents")
            .contains(third.size());
        for (PlanSnapshot s : third) {
          assertThat(store.load(s.planId())).contains(s);
        }
      }
    }
  }

  @Test
  void aSecondWriterOfThePlanIsNeverOverwrittenAndIsReported() throws Exception {
    TradeStore store = mongo.freshStore();
    RecordingListener alerts = new RecordingListener();
    try (TradeWriter writer = new TradeWriter(store, config(16, Duration.ofSeconds(1)), alerts)) {
      PlanSnapshot v1 = active("p1", "alice", "AAPL");
      assertThat(writer.recordIntentDurably(v1)).isTrue();
      PlanSnapshot theirs = withCommission(v1, "9.99").withVersion(5);
      assertThat(store.update(theirs, 1).updated()).isTrue();

      PlanSnapshot ours = withEntryOrder(v1, 1);
      assertThat(writer.recordIntentDurably(ours)).as("not durable: lost to the other").isFalse();
      assertThat(alerts.conflicts.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(store.load("p1")).as("the other writer's state is untouched").contains(theirs);
      assertThat(writer.metrics().failures()).isEqualTo(1);

      // The engine reloads, adopts the stored version and goes on from it.
      writer.adopt("p1", store.load("p1").orElseThrow().version());
      PlanSnapshot next = withEntryOrder(theirs, 1);
      assertThat(writer.recordIntentDurably(next)).isTrue();
      assertThat(store.load("p1")).contains(next);
    }
  }

  @Test
  void aFullQueueMakesSubmitWaitThenRefuseWithAnAlertAndEverythingAcceptedSurvivesARestart(
      @TempDir Path own) throws Exception {
    Path file = own.resolve("writer.mv.db");
    MongoConfig cfg =
        new MongoConfig(null, "test", MongoConfig.Durability.W1, own, Duration.ofMillis(500));
    EmbeddedMongo server = EmbeddedMongo.start(file);
    int port = server.port();
    RecordingListener alerts = new RecordingListener();
    try (MongoClient client = cfg.client(server.connectionString());
        TradeWriter writer =
            new TradeWriter(
                TradeStore.open(client.getDatabase("test")),
                config(3, Duration.ofMillis(200)),
                alerts)) {
      TradeStore store = TradeStore.open(client.getDatabase("test"));
      PlanSnapshot v1 = active("p1", "alice", "AAPL");
      assertThat(writer.recordIntentDurably(v1)).isTrue();

      server.close(); // MongoDB goes away
      PlanSnapshot v2 = withEntryOrder(v1, 1);
      PlanSnapshot v3 = withCommission(v2, "1.00");
      PlanSnapshot v4 = withCommission(v3, "1.00");
      long before = System.nanoTime();
      assertThat(writer.submit(v2, List.of(statusEvent("p1", 2, PlanStatus.ENTRY_SUBMITTED))))
          .isTrue();
      assertThat(writer.submit(v3, List.of(fillEvent("p1", 3, 10, "101.25")))).isTrue();
      assertThat(writer.submit(null, List.of(fillEvent("p1", 4, 10, "101.26")))).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - before))
          .as("submits return without waiting for the dead server")
          .isLessThan(Duration.ofMillis(400));

      assertThat(writer.submit(v4, List.of())).as("the fourth does not fit").isFalse();
      assertThat(alerts.queueFull.get()).isEqualTo(1);
      assertThat(writer.metrics().refusedSubmits()).isEqualTo(1);
      assertThat(alerts.cannotDrain.await(30, TimeUnit.SECONDS))
          .as("an alert while the store cannot be written")
          .isTrue();
      assertThat(writer.flush(Duration.ofMillis(50))).as("not drained while down").isFalse();

      server = EmbeddedMongo.start(file, port); // back, from the same H2 file
      assertThat(writer.flush(Duration.ofSeconds(30))).as("drained after the restart").isTrue();
      assertThat(alerts.drained.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(writer.submit(v4, List.of())).isTrue();
      assertThat(writer.flush(Duration.ofSeconds(30))).isTrue();

      assertThat(store.load("p1")).contains(v4);
      assertThat(store.history("p1")).extracting(r -> r.event().tick()).containsExactly(2L, 3L, 4L);
      assertThat(writer.metrics().retries()).isPositive();
    } finally {
      server.close();
    }
  }

  private static List<Long> longs(long from, long to) {
    List<Long> out = new ArrayList<>();
    for (long i = from; i <= to; i++) {
      out.add(i);
    }
    return out;
  }

  /** Counts alerts; latches let tests wait for them with a deadline. */
  static final class RecordingListener implements StoreAlertListener {
    final CountDownLatch cannotDrain = new CountDownLatch(1);
    final CountDownLatch drained = new CountDownLatch(1);
    final CountDownLatch conflicts = new CountDownLatch(1);
    final AtomicInteger queueFull = new AtomicInteger();

    @Override
    public void cannotDrain(String planId, int attempts, Throwable lastError) {
      cannotDrain.countDown();
    }

    @Override
    public void drained(String planId, int attempts) {
      drained.countDown();
    }

    @Override
    public void queueFull(int depth, Duration waited) {
      queueFull.incrementAndGet();
    }

    @Override
    public void conflict(String planId, long attemptedVersion, long storedVersion) {
      conflicts.countDown();
    }
  }
}
