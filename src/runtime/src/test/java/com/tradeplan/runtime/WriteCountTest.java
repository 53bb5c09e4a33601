package com.tradeplan.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.plan.DraftBuilder;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.store.MongoConfig;
import com.tradeplan.store.TradeWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5: over a 100,000-tick run with 50 plans, the store is written only when the engine reports
 * a change (a status, a fill, an order, or a durable level: stop eligibility, the active stop, the
 * trailing stop's best price), never on a plain tick. In-JVM ({@link EngineOverStore}): the
 * production engine core and the platform's listener over the real writer and store, with the
 * simulator's broker.
 */
class WriteCountTest {
  @TempDir Path dir;

  @Test
  void theStoreIsWrittenOnlyWhenTheEngineReportsAChange() throws Exception {
    try (MongoConfig.MongoConnection conn =
        MongoConfig.fromEnvironment(Map.of("TRADEPLAN_DATA_DIR", dir.toString())).connect()) {
      // Every platform is a cluster member (a single process a one-member cluster): the listener
      // replicates changed plans and asks the cluster before each send. Counted by the fixture's
      // cluster, they must follow the engine's changes too, and they are not store writes.
      long[] reported = new long[3]; // plan changes (snapshot or events), steps, changed plans
      EngineOverStore engine =
          new EngineOverStore(
              conn,
              new LiveHub(100),
              step -> {
                java.util.Set<String> plans = new java.util.HashSet<>();
                step.changed().forEach(s -> plans.add(s.planId()));
                step.events().forEach(e -> plans.add(e.planId()));
                reported[0] += plans.size();
                reported[1]++;
                reported[2] += step.changed().stream().map(PlanSnapshot::planId).distinct().count();
              });
      EngineOverStore.OneMember cluster = engine.cluster;
      StepPersistence persistence = engine.persistence;
      TradeWriter writer = engine.writer;

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
        engine.add(s);
      }

      long[] cents = {10_000, 10_000, 10_000, 10_000, 10_000};
      Instant t0 = Instant.parse("2026-01-05T14:30:00Z");
      long plainTicks = 0;
      for (int i = 0; i < 100_000; i++) {
        int k = i % symbols.length;
        cents[k] = Math.max(9_000, Math.min(12_000, cents[k] + random.nextInt(7) - 3));
        Tick tick = Tick.of(symbols[k], t0.plusMillis(i * 10L), BigDecimal.valueOf(cents[k], 2));
        long writesBefore = persistence.writesSubmitted() + persistence.intentsRecorded();
        long replicationsBefore = cluster.replications + cluster.sendsRecorded;
        long stepsBefore = reported[1];
        engine.tick(i, tick);
        if (reported[1] == stepsBefore) {
          plainTicks++;
          assertEquals(
              writesBefore,
              persistence.writesSubmitted() + persistence.intentsRecorded(),
              "a plain tick (" + i + ") wrote to the store");
          assertEquals(
              replicationsBefore,
              cluster.replications + cluster.sendsRecorded,
              "a plain tick (" + i + ") replicated");
        }
      }
      assertTrue(writer.flush(Duration.ofSeconds(30)));
      assertEquals(
          reported[0], persistence.writesSubmitted(), "one write per reported plan change");
      // A step with orders was replicated before its orders went out; the others as persisted.
      assertEquals(
          reported[2],
          cluster.plansReplicated + cluster.sendsRecorded,
          "every changed plan replicated once");
      assertEquals(
          persistence.intentsRecorded(),
          cluster.sendsRecorded,
          "every recorded intent also replicated first");
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
      engine.close();
    }
  }
}
