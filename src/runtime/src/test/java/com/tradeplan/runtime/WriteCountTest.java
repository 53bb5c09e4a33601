package com.tradeplan.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tradeplan.broker.RiskGate;
import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.plan.DraftBuilder;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.engine.EngineCore;
import com.tradeplan.engine.EngineListener;
import com.tradeplan.engine.RuleSet;
import com.tradeplan.engine.Step;
import com.tradeplan.simulator.SimulatedBroker;
import com.tradeplan.store.MongoConfig;
import com.tradeplan.store.TradeStore;
import com.tradeplan.store.TradeWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5: over a 100,000-tick run with 50 plans, the store is written only when the engine reports
 * a change (a status, a fill, an order, or a durable level: stop eligibility, the active stop, the
 * trailing stop's best price), never on a plain tick. In-JVM: the production engine core and the
 * platform's listener over the real writer and store, with the simulator's broker.
 */
class WriteCountTest {
  @TempDir Path dir;

  @Test
  void theStoreIsWrittenOnlyWhenTheEngineReportsAChange() throws Exception {
    try (MongoConfig.MongoConnection conn =
        MongoConfig.fromEnvironment(Map.of("TRADEPLAN_DATA_DIR", dir.toString())).connect()) {
      TradeStore store = TradeStore.open(conn);
      TradeWriter writer = new TradeWriter(store, TradeWriter.Config.defaults(), Alerts.NONE);
      LiveHub live = new LiveHub(100);
      PlanReads reads =
          new PlanReads(
              store,
              new MarketData() {
                @Override
                public BigDecimal lastPrice(String symbol) {
                  return null;
                }

                @Override
                public Map<String, BigDecimal> lastPrices() {
                  return Map.of();
                }

                @Override
                public void ensureSubscribed(com.tradeplan.domain.plan.Instrument i) {}
              },
              live);
      // Every platform is a cluster member (a single process a one-member cluster): the listener
      // replicates changed plans and asks the cluster before each send. Counted here, they must
      // follow the engine's changes too, and they are not store writes.
      long[] cluster = new long[3]; // replications, plans replicated, sends recorded
      Membership membership =
          new Membership() {
            @Override
            public boolean holds(String owner) {
              return true;
            }

            @Override
            public boolean shouldRun(String owner) {
              return true;
            }

            @Override
            public java.util.Map<String, Boolean> recordBeforeSendAll(
                java.util.Map<String, List<PlanSnapshot>> byOwner) {
              java.util.Map<String, Boolean> answers = new java.util.HashMap<>();
              byOwner.forEach(
                  (owner, snapshots) -> {
                    cluster[2] += snapshots.size();
                    answers.put(owner, true);
                  });
              return answers;
            }

            @Override
            public void replicate(String owner, List<PlanSnapshot> changed) {
              cluster[0]++;
              cluster[1] += changed.size();
            }

            @Override
            public void replicateAll(java.util.Map<String, List<PlanSnapshot>> changedByOwner) {
              changedByOwner.forEach(this::replicate);
            }

            @Override
            public boolean addPlan(PlanSnapshot activated) {
              return true;
            }

            @Override
            public void rebuildLater(String owner) {
              throw new AssertionError("nothing is held in a one-member cluster");
            }
          };
      SimulatedBroker broker = new SimulatedBroker(null, BigDecimal.ZERO);
      // The engine below sends to the broker directly; this gate only hosts the kill switch.
      KillSwitch killSwitch =
          new KillSwitch(new RiskGate(broker, 1_000_000, 1_000, 1_000), () -> 0, 10_000);
      StepPersistence persistence =
          new StepPersistence(writer, new Alerts(), live, reads, membership, killSwitch);
      long[] reported = new long[3]; // plan changes (snapshot or events), steps, changed plans
      EngineListener counting =
          new EngineListener() {
            private void count(Step step) {
              java.util.Set<String> plans = new java.util.HashSet<>();
              step.changed().forEach(s -> plans.add(s.planId()));
              step.events().forEach(e -> plans.add(e.planId()));
              reported[0] += plans.size();
              reported[1]++;
              reported[2] += step.changed().stream().map(PlanSnapshot::planId).distinct().count();
            }

            @Override
            public void onStep(String owner, Step step) {
              count(step);
              persistence.onStep(owner, step);
            }

            @Override
            public void onRecordedStep(String owner, Step step) {
              count(step);
              persistence.onRecordedStep(owner, step);
            }

            @Override
            public List<SendDecision> beforeSendAll(List<Pending> steps) {
              return persistence.beforeSendAll(steps);
            }
          };
      EngineCore core = new EngineCore(RuleSet.fromClasspath(), broker, counting, true);
      broker.setListener(core);

      String[] symbols = {"AAA", "BBB", "CCC", "DDD", "EEE"};
      Random random = new Random(7);
      for (int i = 0; i < 50; i++) {
        String symbol = symbols[i % symbols.length];
        var draft =
            DraftBuilder.draft("w" + i)
                .owner("u" + (i % 10))
                .symbol(symbol)
                .quantity(100)
                .entry(String.format("%d.00", 101 + random.nextInt(3)))
                .stop("95.00")
                .stop("97.00", "106.00")
                .target("110.00", 50)
                .target("115.00")
                .trailing("3.00")
                .build();
        PlanSnapshot s =
            PlanSnapshot.initial(
                ((com.tradeplan.domain.plan.ValidationResult.Valid)
                        com.tradeplan.domain.plan.PlanValidator.validate(draft))
                    .plan(),
                com.tradeplan.domain.plan.PlanStatus.ACTIVE);
        store.create(s);
        writer.adopt(s.planId(), s.version());
        core.addPlan(s);
      }

      long[] cents = {10_000, 10_000, 10_000, 10_000, 10_000};
      Instant t0 = Instant.parse("2026-01-05T14:30:00Z");
      long plainTicks = 0;
      for (int i = 0; i < 100_000; i++) {
        int k = i % symbols.length;
        cents[k] = Math.max(9_000, Math.min(12_000, cents[k] + random.nextInt(7) - 3));
        Tick tick = Tick.of(symbols[k], t0.plusMillis(i * 10L), BigDecimal.valueOf(cents[k], 2));
        long writesBefore = persistence.writesSubmitted() + persistence.intentsRecorded();
        long replicationsBefore = cluster[0] + cluster[2];
        long stepsBefore = reported[1];
        core.setClock(i, tick.time());
        broker.onTick(tick);
        core.onTick(tick, i);
        if (reported[1] == stepsBefore) {
          plainTicks++;
          assertEquals(
              writesBefore,
              persistence.writesSubmitted() + persistence.intentsRecorded(),
              "a plain tick (" + i + ") wrote to the store");
          assertEquals(
              replicationsBefore, cluster[0] + cluster[2], "a plain tick (" + i + ") replicated");
        }
      }
      assertTrue(writer.flush(Duration.ofSeconds(30)));
      assertEquals(
          reported[0], persistence.writesSubmitted(), "one write per reported plan change");
      // A step with orders was replicated before its orders went out; the others as persisted.
      assertEquals(reported[2], cluster[1] + cluster[2], "every changed plan replicated once");
      assertEquals(
          persistence.intentsRecorded(), cluster[2], "every recorded intent also replicated first");
      assertTrue(plainTicks > 90_000, "most ticks are plain: " + plainTicks);
      long batches = writer.metrics().written();
      assertTrue(
          batches <= persistence.writesSubmitted() + persistence.intentsRecorded(),
          "batches " + batches + " <= submissions");
      System.out.printf(
          "write count: %d ticks, %d plain, %d plan changes reported, %d submitted, %d intents,"
              + " %d batches written%n",
          100_000,
          plainTicks,
          reported[0],
          persistence.writesSubmitted(),
          persistence.intentsRecorded(),
          batches);
      writer.close();
    }
  }
}
