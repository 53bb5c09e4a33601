package com.tradeplan.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.plan.Entry;
import com.tradeplan.domain.plan.EntryCondition;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.domain.plan.Plan;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.Side;
import com.tradeplan.domain.plan.Stop;
import com.tradeplan.domain.plan.Target;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.engine.facts.TraderCommand;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 20, point 7, through the rules: IB reports each commission after its execution, and after a
 * restart or a take-over it replays every execution and every commission report. An engine rebuilt
 * from the plans' snapshots (what a restart and a take-over do) must charge nothing again, whether
 * the replay reaches a trade still open or one that closed.
 */
class CommissionReplayTest {
  private static final Instant T0 = Instant.parse("2026-03-02T14:30:00Z");
  private static RuleSet rules;

  @BeforeAll
  static void compile() {
    rules = RuleSet.fromDirectory(Path.of("../../rules"));
  }

  /** One broker report as IB sends it: an execution, or the commission report that follows it. */
  private record Report(Fill fill, BigDecimal commission) {}

  private static PlanSnapshot plan(String id) {
    Plan p =
        new Plan(
            id,
            "alice",
            Instrument.stock("AAPL"),
            Side.LONG,
            100,
            new Entry(EntryCondition.ABOVE, new BigDecimal("101.00"), null),
            List.of(new Stop(new BigDecimal("99.00"), null)),
            List.of(new Target(new BigDecimal("103.00"), 40L)),
            null);
    return PlanSnapshot.initial(p, PlanStatus.ACTIVE);
  }

  private static Tick tick(int second, String last) {
    return Tick.of("AAPL", T0.plusSeconds(second), new BigDecimal(last));
  }

  /**
   * Fills every order the broker got since {@code from}, in two executions, each with its report.
   */
  private static void fillInTwo(
      EngineCore core,
      LaneEngineTest.RecordingBroker broker,
      int from,
      String price,
      List<Report> sent) {
    List<OrderRequest> orders =
        List.copyOf(broker.submitted.subList(from, broker.submitted.size()));
    for (OrderRequest o : orders) {
      long first = o.quantity() / 2;
      long[] parts = {first, o.quantity() - first};
      for (int i = 0; i < parts.length; i++) {
        Fill f =
            new Fill(
                o.ref() + "-x" + i, o.ref(), o.action(), parts[i], new BigDecimal(price), null, T0);
        BigDecimal c = new BigDecimal("1.0" + i);
        core.onFill(f);
        core.onCommission(f.executionId(), o.ref(), c);
        sent.add(new Report(f, c));
      }
    }
    core.drainPending();
  }

  @Test
  void replayedExecutionsAndCommissionsChargeNothingAgainAfterARebuild() {
    LaneEngineTest.RecordingBroker broker = new LaneEngineTest.RecordingBroker();
    EngineCore core = new EngineCore(rules, broker, EngineListener.NONE, true);
    broker.setListener(core);
    core.addPlan(plan("open"));
    core.addPlan(plan("closed"));
    List<Report> reports = new ArrayList<>();

    core.onTick(tick(0, "101.00"), 0); // both entries sent
    fillInTwo(core, broker, 0, "101.00", reports);
    core.onTick(tick(1, "103.00"), 1); // both targets (40 of 100) sent
    fillInTwo(core, broker, 2, "103.00", reports);
    core.command(
        "alice", new TraderCommand("closed", TraderCommand.Type.FLATTEN), T0.plusSeconds(2));
    fillInTwo(core, broker, 4, "102.00", reports);
    PlanSnapshot open = core.snapshot("open");
    PlanSnapshot closed = core.snapshot("closed");
    assertThat(open.status()).isEqualTo(PlanStatus.CONTINGENT_ACTIVE);
    assertThat(closed.status()).isEqualTo(PlanStatus.INACTIVE);
    // open: 4 executions at 1.00 + 1.01; closed: 6 executions
    assertThat(open.commission()).isEqualByComparingTo("4.02");
    assertThat(closed.commission()).isEqualByComparingTo("6.03");

    // Restart or take-over: a new engine from the snapshots, then IB replays everything.
    LaneEngineTest.RecordingBroker after = new LaneEngineTest.RecordingBroker();
    EngineCore rebuilt = new EngineCore(rules, after, EngineListener.NONE, true);
    after.setListener(rebuilt);
    rebuilt.addPlan(open);
    rebuilt.addPlan(closed);
    for (Report r : reports) {
      rebuilt.onFill(r.fill());
      rebuilt.onCommission(r.fill().executionId(), r.fill().orderRef(), r.commission());
    }
    rebuilt.drainPending();

    assertThat(rebuilt.snapshot("open")).as("the open trade").isEqualTo(open);
    assertThat(rebuilt.snapshot("closed")).as("the closed trade").isEqualTo(closed);
    assertThat(after.submitted).as("a replay sends nothing").isEmpty();
  }
}
