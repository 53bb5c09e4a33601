package com.tradeplan.bench.peers;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.domain.order.OrderRole;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every peer sends exactly the engine's orders on seeded workloads, before anything is measured.
 * Not part of the test suite: run with {@code mvn-bench test -pl src/bench -DskipTests=false}
 * (docs/benchmarks.md, "Peers").
 */
class PeersAgreeWithTheEngineTest {

  @ParameterizedTest
  @ValueSource(longs = {1L, 7L, 20261204L})
  void theWorkloadExercisesEntriesStopsTargetsAndExpiries(long seed) {
    SeededWorkload w = SeededWorkload.generate(seed, 200, 4, 3000);
    Agreement.Run engine = Agreement.run(Implementation.ENGINE, w);

    Set<OrderRole> roles =
        engine.orders().stream().map(SentOrder::role).collect(Collectors.toSet());
    assertThat(roles)
        .as("a workload that never stops or takes profit proves little")
        .contains(OrderRole.ENTRY, OrderRole.STOP, OrderRole.TARGET);
    long entries = engine.orders().stream().filter(o -> o.role() == OrderRole.ENTRY).count();
    assertThat(entries)
        .as("plans that never entered: expiries and untouched levels")
        .isLessThan(200);
    assertThat(entries).isGreaterThan(50);
  }

  @ParameterizedTest
  @EnumSource(
      value = Implementation.class,
      names = {"HAND_CODED", "DROOLS_UNGATED", "ESPER"})
  void sendsTheEnginesOrdersOnSeededWorkloads(Implementation impl) {
    for (long seed : new long[] {1L, 7L, 20261204L}) {
      SeededWorkload w = SeededWorkload.generate(seed, 200, 4, 3000);
      String diff =
          Agreement.difference(Agreement.run(Implementation.ENGINE, w), Agreement.run(impl, w));
      assertThat(diff).as("seed " + seed).isNull();
    }
  }

  @ParameterizedTest
  @EnumSource(Implementation.class)
  void agreesOnTheWorkloadEveryTrialChecks(Implementation impl) {
    Agreement.check(impl, Agreement.TRIAL_CHECK);
  }
}
