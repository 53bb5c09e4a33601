package com.tradeplan.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.domain.broker.Broker;
import com.tradeplan.domain.broker.BrokerListener;
import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.OrderUpdate;
import com.tradeplan.domain.broker.SubmitResult;
import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.order.OrderStatus;
import com.tradeplan.domain.plan.Entry;
import com.tradeplan.domain.plan.EntryCondition;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.domain.plan.Plan;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.Side;
import com.tradeplan.domain.plan.Stop;
import com.tradeplan.domain.plan.Target;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.engine.facts.PlanState;
import com.tradeplan.engine.facts.TraderCommand;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 20, point 3: an exit the broker refuses is never dropped silently. A flatten is sent again
 * at fresh prices, paced, until the position is flat or its orders run out, which is a loud alert;
 * an exit IB reports lost on its way ({@code ORDER_LOST}: CANCELLED, not a rejection) is uncovered
 * and sent again by the same rules as a rejected one.
 */
class RefusedExitsTest {
  private static final Instant T0 = Instant.parse("2026-03-02T14:30:00Z");
  private static final String LOST =
      "lost on its way to IB twice (sent, then re-sent once under the same orderRef): not sent"
          + " again";
  private static RuleSet rules;

  @BeforeAll
  static void compile() {
    rules = RuleSet.fromDirectory(Path.of("../../rules"));
  }

  /** A broker that takes every order, and refuses at once those {@code refuses} picks. */
  private static final class RefusingBroker implements Broker {
    final List<OrderRequest> submitted = new ArrayList<>();
    Predicate<OrderRef> refuses = ref -> false;
    BrokerListener listener;

    @Override
    public SubmitResult submit(OrderRequest request) {
      submitted.add(request);
      if (refuses.test(request.ref())) {
        listener.onOrderUpdate(OrderUpdate.rejected(request.ref(), "no route"));
      }
      return SubmitResult.ACCEPTED;
    }

    @Override
    public SubmitResult cancel(OrderRef ref) {
      listener.onOrderUpdate(OrderUpdate.status(ref, OrderStatus.CANCELLED));
      return SubmitResult.ACCEPTED;
    }

    @Override
    public void setListener(BrokerListener listener) {
      this.listener = listener;
    }

    long sent(OrderRole role) {
      return submitted.stream().filter(o -> o.ref().role() == role).count();
    }

    OrderRequest last() {
      return submitted.get(submitted.size() - 1);
    }
  }

  private final RefusingBroker broker = new RefusingBroker();
  private final List<String> alerts = new ArrayList<>();
  private final List<PlanEvent> events = new ArrayList<>();
  private final EngineCore core =
      new EngineCore(
          rules,
          broker,
          (owner, step) -> {
            alerts.addAll(step.alerts());
            events.addAll(step.events());
          },
          true);
  private long tickIndex;

  RefusedExitsTest() {
    broker.setListener(core);
  }

  private static Plan plan() {
    return new Plan(
        "p1",
        "alice",
        Instrument.stock("AAPL"),
        Side.LONG,
        100,
        new Entry(EntryCondition.ABOVE, new BigDecimal("10.00"), null),
        List.of(new Stop(new BigDecimal("9.00"), null)),
        List.of(new Target(new BigDecimal("12.00"), null)),
        null);
  }

  private void tick(long millis, String last) {
    core.onTick(Tick.of("AAPL", T0.plusMillis(millis), new BigDecimal(last)), tickIndex++);
  }

  /** The plan's last order fills completely at {@code price}. */
  private void fillLast(String price) {
    OrderRequest o = broker.last();
    core.onFill(
        new Fill(
            "x" + broker.submitted.size(),
            o.ref(),
            o.action(),
            o.quantity(),
            new BigDecimal(price),
            null,
            T0));
    core.drainPending();
  }

  /** A live trade of 100 at 10.00, entered at second 0 and filled at second 1. */
  private void live() {
    core.addPlan(PlanSnapshot.initial(plan(), PlanStatus.ACTIVE));
    tick(0, "10.00");
    fillLast("10.00");
    tick(1_000, "10.00");
    assertThat(core.snapshot("p1").status()).isEqualTo(PlanStatus.CONTINGENT_ACTIVE);
  }

  private void lose(OrderRequest o) {
    core.onOrderUpdate(new OrderUpdate(o.ref(), OrderStatus.CANCELLED, false, LOST));
    core.drainPending();
  }

  @Test
  void aFlattenRefusedEveryTimeRunsOutOfOrdersWithOneOperatorAlertAndNeverThrows() {
    live();
    broker.refuses = ref -> ref.role() == OrderRole.FLATTEN;

    core.command("alice", new TraderCommand("p1", TraderCommand.Type.FLATTEN), T0.plusSeconds(1));
    for (int s = 2; s < 40; s++) {
      tick(s * 1_000L, "10.10");
    }

    assertThat(broker.sent(OrderRole.FLATTEN))
        .as("one order a second, up to the orders a flatten may send")
        .isEqualTo(PlanState.ATTEMPTS_MAX);
    assertThat(alerts)
        .as("every failure from the third on, and the last one loudly")
        .filteredOn(a -> a.contains("FLATTEN:0:"))
        .hasSize(PlanState.ATTEMPTS_MAX - 2);
    assertThat(alerts)
        .filteredOn(a -> a.contains("OPERATOR NEEDED"))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("p1:FLATTEN:0:20", "100 shares are left unprotected", "close them at the broker");
    assertThat(alerts).as("nothing failed inside a rule").noneMatch(a -> a.contains("failed"));
    assertThat(core.snapshot("p1").position()).isEqualTo(100);
  }

  @Test
  void aRefusedFlattenIsSentAgainAtMostOnceASecondWhateverTheTicks() {
    live();
    broker.refuses = ref -> ref.role() == OrderRole.FLATTEN && ref.attempt() < 4;

    core.command("alice", new TraderCommand("p1", TraderCommand.Type.FLATTEN), T0.plusSeconds(1));
    List<Long> sentAt = new ArrayList<>(List.of(1_000L));
    for (long ms = 1_100; ms <= 5_000; ms += 100) {
      long before = broker.sent(OrderRole.FLATTEN);
      tick(ms, "10.10");
      if (broker.sent(OrderRole.FLATTEN) > before) {
        sentAt.add(ms);
      }
    }

    assertThat(sentAt)
        .as("each attempt a second after the one before")
        .containsExactly(1_000L, 2_000L, 3_000L, 4_000L);
    fillLast("10.20");
    assertThat(core.snapshot("p1").status()).isEqualTo(PlanStatus.INACTIVE);
    assertThat(events)
        .filteredOn(e -> e.type() == PlanEvent.Type.ORDER && e.role() == OrderRole.FLATTEN)
        .as("every attempt is in the history")
        .hasSize(4);
  }

  @Test
  void aStopLostOnItsWayToIbIsSentAgainOnTheNextTick() {
    live();
    tick(2_000, "8.90");
    OrderRequest stop = broker.last();
    assertThat(stop.ref().role()).isEqualTo(OrderRole.STOP);

    lose(stop);
    tick(3_000, "9.50");

    assertThat(broker.last().ref()).isEqualTo(new OrderRef("p1", OrderRole.STOP, 0, 2));
    assertThat(broker.last().quantity()).isEqualTo(100);
    assertThat(events)
        .filteredOn(e -> e.type() == PlanEvent.Type.REJECT)
        .singleElement()
        .extracting(PlanEvent::reason)
        .isEqualTo(LOST);
  }

  @Test
  void aTargetLostOnItsWayToIbFiresAgainAtItsPrice() {
    live();
    tick(2_000, "12.00");
    OrderRequest target = broker.last();
    assertThat(target.ref().role()).isEqualTo(OrderRole.TARGET);

    lose(target);
    tick(3_000, "11.90");
    assertThat(broker.submitted).as("below the target: nothing yet").endsWith(target);
    tick(4_000, "12.05");

    assertThat(broker.last().ref()).isEqualTo(new OrderRef("p1", OrderRole.TARGET, 0, 2));
    assertThat(broker.last().quantity()).isEqualTo(100);
  }

  @Test
  void aFlattenLostOnItsWayToIbIsSentAgainOnTheNextTick() {
    live();
    core.command("alice", new TraderCommand("p1", TraderCommand.Type.FLATTEN), T0.plusSeconds(1));
    OrderRequest flatten = broker.last();

    lose(flatten);
    tick(2_000, "10.10");

    assertThat(broker.last().ref()).isEqualTo(new OrderRef("p1", OrderRole.FLATTEN, 0, 2));
    assertThat(alerts).as("one lost order is not yet a pattern").isEmpty();
  }
}
