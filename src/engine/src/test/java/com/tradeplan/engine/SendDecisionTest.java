package com.tradeplan.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.domain.broker.Broker;
import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.SubmitResult;
import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.plan.Entry;
import com.tradeplan.domain.plan.EntryCondition;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.domain.plan.Plan;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.Side;
import com.tradeplan.domain.plan.Stop;
import com.tradeplan.domain.state.PlanSnapshot;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the engine does with a step's orders for each answer of {@link EngineListener#beforeSend}.
 */
class SendDecisionTest {
  private static RuleSet rules;

  @BeforeAll
  static void compile() {
    rules = RuleSet.fromDirectory(Path.of("../../rules"));
  }

  private static PlanSnapshot plan() {
    Plan p =
        new Plan(
            "p1",
            "alice",
            Instrument.stock("AAPL"),
            Side.LONG,
            10,
            new Entry(EntryCondition.ABOVE, new BigDecimal("101.00"), null),
            List.of(new Stop(new BigDecimal("99.00"), null)),
            List.of(),
            null);
    return PlanSnapshot.initial(p, PlanStatus.ACTIVE);
  }

  private static final class Recording implements EngineListener {
    final EngineListener.SendDecision answer;
    final List<Step> steps = new ArrayList<>();
    final List<Step> recordedSteps = new ArrayList<>();
    final List<List<PlanSnapshot>> askedFor = new ArrayList<>();
    final List<String> alerts = new ArrayList<>();

    Recording(EngineListener.SendDecision answer) {
      this.answer = answer;
    }

    @Override
    public SendDecision beforeSend(String owner, List<PlanSnapshot> snapshots) {
      askedFor.add(snapshots);
      return answer;
    }

    @Override
    public void onRecordedStep(String owner, Step step) {
      recordedSteps.add(step);
    }

    @Override
    public void onStep(String owner, Step step) {
      steps.add(step);
      alerts.addAll(step.alerts());
    }
  }

  private static Tick crossing() {
    return Tick.of("AAPL", Instant.parse("2026-03-02T14:30:00Z"), new BigDecimal("101.00"));
  }

  @Test
  void heldOrdersAreNeitherSentNorRejectedNorRecorded() {
    LaneEngineTest.RecordingBroker broker = new LaneEngineTest.RecordingBroker();
    Recording listener = new Recording(EngineListener.SendDecision.HOLD);
    EngineCore core = new EngineCore(rules, broker, listener, true);
    broker.setListener(core);
    core.addPlan(plan());
    core.onTick(crossing(), 0);
    assertThat(broker.submitted).isEmpty();
    assertThat(listener.steps).allMatch(s -> s.events().isEmpty() && s.changed().isEmpty());
    assertThat(listener.alerts).anyMatch(a -> a.contains("intents held, not sent"));
  }

  /**
   * A broker that sent an order at another price than asked (its tick grid at the send) says so in
   * its answer; the plan's history records it after the ORDER event, once, with the order's ref,
   * side and quantity, so that the history shows the price that actually left.
   */
  @Test
  void anOrderTheBrokerSentAtAnotherPriceIsRecordedInTheHistoryAfterItsOrder() {
    String how = "stop 101.0003 sent as 101.00 (rounded down): tick 0.01 at this price";
    List<OrderRequest> submitted = new ArrayList<>();
    Broker broker =
        new Broker() {
          @Override
          public SubmitResult submit(OrderRequest request) {
            submitted.add(request);
            return SubmitResult.sentAs(how);
          }

          @Override
          public SubmitResult cancel(com.tradeplan.domain.order.OrderRef ref) {
            return SubmitResult.ACCEPTED;
          }

          @Override
          public void setListener(com.tradeplan.domain.broker.BrokerListener listener) {}
        };
    Recording listener = new Recording(EngineListener.SendDecision.SEND);
    EngineCore core = new EngineCore(rules, broker, listener, true);
    core.addPlan(plan());
    core.onTick(crossing(), 0);
    assertThat(submitted).hasSize(1);
    List<PlanEvent> events = new ArrayList<>();
    listener.recordedSteps.forEach(s -> events.addAll(s.events()));
    listener.steps.forEach(s -> events.addAll(s.events()));
    assertThat(events)
        .extracting(PlanEvent::type)
        .containsSubsequence(PlanEvent.Type.ORDER, PlanEvent.Type.SENT_AS);
    PlanEvent sentAs =
        events.stream().filter(e -> e.type() == PlanEvent.Type.SENT_AS).findFirst().orElseThrow();
    assertThat(events).filteredOn(e -> e.type() == PlanEvent.Type.SENT_AS).hasSize(1);
    assertThat(sentAs.reason()).isEqualTo(how);
    assertThat(sentAs.orderRef()).isEqualTo(submitted.get(0).ref().toString());
    assertThat(sentAs.quantity()).isEqualTo(10);
    assertThat(sentAs.side()).isEqualTo(submitted.get(0).action());
    assertThat(sentAs.time()).isEqualTo(crossing().time());
    assertThat(core.snapshot("p1").status()).isEqualTo(PlanStatus.ENTRY_SUBMITTED);
  }

  /**
   * An order whose intent could not be recorded never leaves Tradeplan: a local denial (issue 20),
   * not a broker rejection. The entry's plan ends CANCELLED, the reason saying why.
   */
  @Test
  void refusedOrdersComeBackAsLocalDenials() {
    LaneEngineTest.RecordingBroker broker = new LaneEngineTest.RecordingBroker();
    Recording listener = new Recording(EngineListener.SendDecision.REFUSE);
    EngineCore core = new EngineCore(rules, broker, listener, true);
    broker.setListener(core);
    core.addPlan(plan());
    core.onTick(crossing(), 0);
    assertThat(broker.submitted).isEmpty();
    assertThat(core.snapshot("p1").status()).isEqualTo(PlanStatus.CANCELLED);
    assertThat(core.snapshot("p1").endReason()).isEqualTo("denied: intent not recorded");
    assertThat(core.monitoredPlans()).as("an ended plan is no longer monitored").isZero();
    Step last = listener.steps.get(listener.steps.size() - 1);
    assertThat(last.changed())
        .extracting(PlanSnapshot::status)
        .containsExactly(PlanStatus.CANCELLED);
    assertThat(last.events())
        .extracting(PlanEvent::type)
        .containsExactly(PlanEvent.Type.DENY, PlanEvent.Type.STATUS);
  }

  @Test
  void sentOrdersReachTheBroker() {
    LaneEngineTest.RecordingBroker broker = new LaneEngineTest.RecordingBroker();
    Recording listener = new Recording(EngineListener.SendDecision.SEND);
    EngineCore core = new EngineCore(rules, broker, listener, true);
    broker.setListener(core);
    core.addPlan(plan());
    core.onTick(crossing(), 0);
    assertThat(broker.submitted).hasSize(1);
    // The step's snapshots were recorded by beforeSend: the listener is told so, to write them
    // once, not twice.
    assertThat(listener.recordedSteps).hasSize(1);
    assertThat(listener.recordedSteps.get(0).changed()).isEqualTo(listener.askedFor.get(0));
    assertThat(listener.steps).as("no plain onStep for the recorded step").isEmpty();
  }

  @Test
  void aRefusedStepIsAPlainStepForTheListener() {
    LaneEngineTest.RecordingBroker broker = new LaneEngineTest.RecordingBroker();
    Recording listener = new Recording(EngineListener.SendDecision.REFUSE);
    EngineCore core = new EngineCore(rules, broker, listener, true);
    broker.setListener(core);
    core.addPlan(plan());
    core.onTick(crossing(), 0);
    assertThat(listener.recordedSteps).isEmpty();
    assertThat(listener.steps).isNotEmpty();
  }
}
