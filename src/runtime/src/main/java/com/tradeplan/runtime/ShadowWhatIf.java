package com.tradeplan.runtime;

import com.tradeplan.broker.WhatIfAnswer;
import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.plan.Side;
import com.tradeplan.domain.state.PlanSnapshot;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Shadow what-if checks of every live plan's protective exit (issue 14, point 7; docs/risk.md,
 * "Shadow what-if checks"): the exit the plan's stop would send now (a market order for the whole
 * position, on the plan's account) is put to IB as a whatIf order ahead of time, and an exit IB
 * would reject is alerted ({@code EXIT_WOULD_BE_REJECTED}) before the stop needs it.
 *
 * <p>A plan is checked again when its position changed, when the last price moved by {@link
 * #PRICE_MOVE} or more since its last check, or when that check is older than {@link #MAX_AGE};
 * never more often than every {@link #MIN_INTERVAL} per plan, and never while its previous check
 * waits for IB. {@link #run} runs on the platform's timer every second; it only reads the plans
 * this member monitors and asks the broker (which sends at most 5 whatIf orders a second and bounds
 * its queue: a check it cannot queue is asked again at the next run). The answers arrive on the
 * broker's threads and only replace the plan's last check. Nothing here sends an order, moves a
 * plan or refuses one: it informs. What it keeps is bounded by the plans monitored here (a plan no
 * longer monitored is dropped at the next run).
 */
public final class ShadowWhatIf {
  static final Duration MIN_INTERVAL = Duration.ofSeconds(10);
  static final Duration MAX_AGE = Duration.ofMinutes(5);
  static final BigDecimal PRICE_MOVE = new BigDecimal("0.01");

  /**
   * The last check of one plan.
   *
   * @param position the position the exit was checked for (shares)
   * @param price the last price when asked (null: none known)
   * @param askedAt when it was asked
   * @param answer IB's answer; null while it waits
   */
  public record Check(
      String planId,
      String owner,
      long position,
      BigDecimal price,
      Instant askedAt,
      WhatIfAnswer answer) {}

  private final Supplier<Map<String, PlanSnapshot>> plans;
  private final Function<String, BigDecimal> lastPrices;
  private final BiPredicate<OrderRequest, Consumer<WhatIfAnswer>> broker;
  private final Alerts alerts;
  private final Clock clock;
  private final Map<String, Check> checks = new ConcurrentHashMap<>();
  // The plans whose rejection was alerted, until IB accepts their exit again (one alert each).
  private final java.util.Set<String> rejectedAlerted = ConcurrentHashMap.newKeySet();

  ShadowWhatIf(
      Supplier<Map<String, PlanSnapshot>> plans,
      Function<String, BigDecimal> lastPrices,
      BiPredicate<OrderRequest, Consumer<WhatIfAnswer>> broker,
      Alerts alerts,
      Clock clock) {
    this.plans = plans;
    this.lastPrices = lastPrices;
    this.broker = broker;
    this.alerts = alerts;
    this.clock = clock;
  }

  /** The last check of each live plan monitored here, by plan id. */
  public Map<String, Check> checks() {
    return Map.copyOf(checks);
  }

  /**
   * Every live plan is checked again at the next round, whatever its last answer (an operator who
   * solved a rejection, or wants fresh figures). Checks waiting for IB are kept.
   */
  public void checkAllAgain() {
    checks.entrySet().removeIf(e -> e.getValue().answer() != null);
  }

  /** One round: forgets plans no longer live here, asks for those due. Never throws on a plan. */
  void run() {
    Map<String, PlanSnapshot> live = plans.get();
    checks.keySet().removeIf(id -> !isLive(live.get(id)));
    rejectedAlerted.removeIf(id -> !isLive(live.get(id)));
    Instant now = clock.instant();
    for (PlanSnapshot s : live.values()) {
      if (isLive(s) && isDue(checks.get(s.planId()), s, now)) {
        ask(s, now);
      }
    }
  }

  private static boolean isLive(PlanSnapshot s) {
    return s != null && s.position() > 0 && s.status().isLive();
  }

  private boolean isDue(Check last, PlanSnapshot s, Instant now) {
    if (last == null) {
      return true;
    }
    if (last.answer() == null || now.isBefore(last.askedAt().plus(MIN_INTERVAL))) {
      return false; // waits for IB, or checked a moment ago
    }
    if (last.answer().verdict() != WhatIfAnswer.Verdict.ACCEPTED) {
      return true; // unknown or rejected: asked again until IB accepts it
    }
    if (last.position() != s.position() || !now.isBefore(last.askedAt().plus(MAX_AGE))) {
      return true;
    }
    BigDecimal price = lastPrices.apply(s.plan().symbol());
    if (price == null || last.price() == null || last.price().signum() == 0) {
      return price != null && last.price() == null;
    }
    BigDecimal move =
        price.subtract(last.price()).abs().divide(last.price(), MathContext.DECIMAL64);
    return move.compareTo(PRICE_MOVE) >= 0;
  }

  private void ask(PlanSnapshot s, Instant now) {
    String planId = s.planId();
    OrderRequest exit =
        OrderRequest.ofPlan(
                s.plan(),
                new OrderRef(planId, OrderRole.STOP, 0, 1),
                s.plan().side() == Side.LONG ? OrderAction.SELL : OrderAction.BUY,
                s.position(),
                "what-if check of the stop exit")
            .withAccount(s.account());
    Check asked =
        new Check(
            planId, s.plan().owner(), s.position(), lastPrices.apply(s.plan().symbol()), now, null);
    Check before = checks.put(planId, asked);
    if (!broker.test(exit, answer -> answered(asked, exit, answer))) {
      // The broker's queue is full: asked again at the next run.
      if (before == null) {
        checks.remove(planId, asked);
      } else {
        checks.replace(planId, asked, before);
      }
    }
  }

  private void answered(Check asked, OrderRequest exit, WhatIfAnswer answer) {
    Check done =
        new Check(
            asked.planId(),
            asked.owner(),
            asked.position(),
            asked.price(),
            asked.askedAt(),
            answer);
    if (!checks.replace(asked.planId(), asked, done)) {
      return; // the plan ended meanwhile
    }
    if (answer.verdict() == WhatIfAnswer.Verdict.ACCEPTED) {
      rejectedAlerted.remove(asked.planId());
    }
    if (answer.verdict() == WhatIfAnswer.Verdict.REJECTED && rejectedAlerted.add(asked.planId())) {
      alerts.alert(
          "EXIT_WOULD_BE_REJECTED",
          "plan "
              + asked.planId()
              + " of "
              + asked.owner()
              + ": IB would reject its stop exit "
              + exit.action()
              + " "
              + exit.quantity()
              + " "
              + exit.instrument().symbol()
              + (exit.account() == null ? "" : " for " + exit.account())
              + " (what-if check: "
              + answer.reason()
              + "); the position is not protected as planned until this is solved");
    }
  }
}
