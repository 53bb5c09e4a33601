package com.tradeplan.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tradeplan.broker.WhatIfAnswer;
import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.testkit.MutableClock;
import com.tradeplan.testkit.plans.TestPlans;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * When a live plan's exit is checked again, on a controllable clock (no sleeps): at once when it
 * goes live, not again while the answer waits or within the minimum interval, again when the
 * position changes, when the price moves 1%, when the check is old, and until IB accepts an exit it
 * rejected; one alert per rejection; the check is exactly the stop's exit; plans that end are
 * forgotten.
 */
class ShadowWhatIfTest {
  private final MutableClock clock = new MutableClock(TestPlans.T0);
  private final Map<String, PlanSnapshot> plans = new HashMap<>();
  private final Map<String, BigDecimal> prices = new HashMap<>();
  private final List<OrderRequest> asked = new ArrayList<>();
  private final List<Consumer<WhatIfAnswer>> answers = new ArrayList<>();
  private final Alerts alerts = new Alerts();
  private boolean queueFull;
  private final ShadowWhatIf shadow =
      new ShadowWhatIf(
          () -> plans,
          prices::get,
          (exit, answer) -> {
            if (queueFull) {
              return false;
            }
            asked.add(exit);
            answers.add(answer);
            return true;
          },
          alerts,
          clock);

  private static PlanSnapshot live(String id, long quantity) {
    var plan = TestPlans.plan(id, "alice", "AAPL");
    var sized =
        new com.tradeplan.domain.plan.Plan(
            plan.id(),
            plan.owner(),
            plan.instrument(),
            plan.side(),
            quantity,
            plan.entry(),
            plan.stops(),
            List.of(),
            null);
    return PlanSnapshot.adopted(
        sized,
        new BigDecimal("101.25"),
        "adopted:" + id,
        "DU1",
        null,
        new OrderRef(id, OrderRole.ENTRY, 0, 1));
  }

  private void answerLast(WhatIfAnswer.Verdict verdict) {
    OrderRef ref = asked.get(asked.size() - 1).ref();
    answers
        .get(answers.size() - 1)
        .accept(
            new WhatIfAnswer(
                ref,
                verdict,
                verdict == WhatIfAnswer.Verdict.REJECTED ? "IB 201: no margin" : null,
                new BigDecimal("-2500.00"),
                new BigDecimal("-2500.00"),
                BigDecimal.ZERO,
                new BigDecimal("999999"),
                BigDecimal.ONE));
  }

  private void runAfter(Duration d) {
    clock.advance(d);
    shadow.run();
  }

  @Test
  void aLivePlanIsCheckedAtOnceThenOnlyWhenItsPositionOrPriceMovesOrTheCheckIsOld() {
    prices.put("AAPL", new BigDecimal("100.00"));
    plans.put("p1", live("p1", 100));
    shadow.run();
    assertEquals(1, asked.size());
    OrderRequest exit = asked.get(0);
    assertEquals(new OrderRef("p1", OrderRole.STOP, 0, 1), exit.ref());
    assertEquals(OrderAction.SELL, exit.action());
    assertEquals(100, exit.quantity());
    assertEquals("DU1", exit.account());
    assertNull(exit.limitPrice(), "the stop's exit is a market order");

    runAfter(Duration.ofSeconds(30));
    assertEquals(1, asked.size(), "not again while IB has not answered");
    answerLast(WhatIfAnswer.Verdict.ACCEPTED);
    assertEquals(WhatIfAnswer.Verdict.ACCEPTED, shadow.checks().get("p1").answer().verdict());

    runAfter(Duration.ofSeconds(1));
    assertEquals(1, asked.size(), "nothing moved");
    prices.put("AAPL", new BigDecimal("100.99"));
    runAfter(Duration.ofSeconds(1));
    assertEquals(1, asked.size(), "0.99% is not a move");
    prices.put("AAPL", new BigDecimal("101.00"));
    runAfter(Duration.ofSeconds(1));
    assertEquals(2, asked.size(), "1% since the last check");
    answerLast(WhatIfAnswer.Verdict.ACCEPTED);
    prices.put("AAPL", new BigDecimal("102.10"));
    runAfter(Duration.ofSeconds(1));
    assertEquals(2, asked.size(), "a move, but within the minimum interval of the last ask");
    runAfter(ShadowWhatIf.MIN_INTERVAL);
    assertEquals(3, asked.size(), "the move, once the interval passed");
    answerLast(WhatIfAnswer.Verdict.ACCEPTED);

    plans.put("p1", live("p1", 60));
    runAfter(ShadowWhatIf.MIN_INTERVAL);
    assertEquals(4, asked.size(), "the position changed");
    assertEquals(60, asked.get(3).quantity());
    answerLast(WhatIfAnswer.Verdict.ACCEPTED);

    runAfter(ShadowWhatIf.MAX_AGE.minusSeconds(1));
    assertEquals(4, asked.size());
    runAfter(Duration.ofSeconds(1));
    assertEquals(5, asked.size(), "the check is old");
  }

  @Test
  void aRejectedExitIsAlertedOnceAndCheckedUntilAccepted() {
    prices.put("AAPL", new BigDecimal("100.00"));
    plans.put("p1", live("p1", 100));
    shadow.run();
    answerLast(WhatIfAnswer.Verdict.REJECTED);
    runAfter(ShadowWhatIf.MIN_INTERVAL);
    assertEquals(2, asked.size(), "a rejected exit is checked again");
    answerLast(WhatIfAnswer.Verdict.REJECTED);
    List<String> alerted =
        alerts.recent().stream().filter(a -> a.startsWith("EXIT_WOULD_BE_REJECTED")).toList();
    assertEquals(1, alerted.size(), alerts.recent().toString());
    assertEquals(
        "EXIT_WOULD_BE_REJECTED: plan p1 of alice: IB would reject its stop exit SELL 100 AAPL for"
            + " DU1 (what-if check: IB 201: no margin); the position is not protected as planned"
            + " until this is solved",
        alerted.get(0));

    runAfter(ShadowWhatIf.MIN_INTERVAL);
    answerLast(WhatIfAnswer.Verdict.ACCEPTED);
    runAfter(ShadowWhatIf.MAX_AGE);
    answerLast(WhatIfAnswer.Verdict.REJECTED);
    assertEquals(
        2,
        alerts.recent().stream().filter(a -> a.startsWith("EXIT_WOULD_BE_REJECTED")).count(),
        "rejected again after an acceptance: alerted again");
  }

  @Test
  void aFullBrokerQueueIsAskedAgainAndEndedPlansAreForgotten() {
    prices.put("AAPL", new BigDecimal("100.00"));
    plans.put("p1", live("p1", 100));
    queueFull = true;
    shadow.run();
    assertTrue(shadow.checks().isEmpty(), "not asked: nothing waits");
    queueFull = false;
    runAfter(Duration.ofSeconds(1));
    assertEquals(1, asked.size());
    answerLast(WhatIfAnswer.Verdict.NO_ANSWER);
    runAfter(ShadowWhatIf.MIN_INTERVAL);
    assertEquals(2, asked.size(), "no answer: asked again");
    plans.remove("p1");
    runAfter(Duration.ofSeconds(1));
    assertTrue(shadow.checks().isEmpty());
    answerLast(WhatIfAnswer.Verdict.REJECTED);
    assertTrue(shadow.checks().isEmpty(), "a late answer for an ended plan is dropped");
    assertTrue(alerts.recent().isEmpty(), alerts.recent().toString());
  }
}
