package com.tradeplan.simulator.invariants;

import com.tradeplan.domain.plan.ExitChangeDraft;
import com.tradeplan.domain.plan.ExitChangeValidator;
import com.tradeplan.domain.plan.Plan;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.engine.facts.TraderCommand;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Seeded random changes of the exits of working and live trades (issue 18), made the way the
 * trading service makes them: drawn from the plan as it is now, validated, then handed to the
 * rules, with the policy forbidding the trader to loosen the active stop (so the invariant test's
 * "the active stop never loosens" still holds). Every kind is drawn, partial closes included.
 */
final class RandomExitChanges {
  private static final List<String> KINDS =
      List.of(
          "moveStop",
          "addStop",
          "removeStop",
          "moveTarget",
          "addTarget",
          "setTargetQuantity",
          "setTrailingDistance",
          "stopToBreakEven",
          "closePart");

  private RandomExitChanges() {}

  /**
   * A random change of {@code now}'s exits, or null when the draw does not fit the plan's shape
   * (the validator refused it: as a trader's typo would be, it never reaches the rules).
   */
  static TraderCommand draw(Random r, PlanSnapshot now) {
    Plan plan = now.plan();
    String kind = KINDS.get(r.nextInt(KINDS.size()));
    int stops = plan.stops().size();
    int targets = plan.targets().size();
    String stopIndex = String.valueOf(r.nextInt(stops));
    String targetIndex = targets == 0 ? "0" : String.valueOf(r.nextInt(targets));
    BigDecimal ref = plan.stops().get(r.nextInt(stops)).price();
    String price = ref.add(RandomPlans.price(r.nextInt(81) - 40)).toPlainString();
    String targetPrice =
        (targets == 0 ? plan.entry().price() : plan.targets().get(r.nextInt(targets)).price())
            .add(RandomPlans.price(r.nextInt(81) - 40))
            .toPlainString();
    String quantity = String.valueOf(1 + r.nextInt((int) Math.max(1, now.position() + 10)));
    ExitChangeDraft d =
        switch (kind) {
          case "moveStop" -> new ExitChangeDraft(kind, stopIndex, price, null, null, null, null);
          case "addStop" -> new ExitChangeDraft(kind, null, price, null, null, null, null);
          case "removeStop" -> new ExitChangeDraft(kind, stopIndex, null, null, null, null, null);
          case "moveTarget" ->
              new ExitChangeDraft(kind, targetIndex, targetPrice, null, null, null, null);
          case "addTarget" ->
              new ExitChangeDraft(
                  kind, null, targetPrice, null, r.nextBoolean() ? quantity : null, null, null);
          case "setTargetQuantity" ->
              new ExitChangeDraft(kind, targetIndex, null, null, quantity, null, null);
          case "setTrailingDistance" ->
              new ExitChangeDraft(
                  kind,
                  null,
                  null,
                  null,
                  null,
                  RandomPlans.price(10 + r.nextInt(80)).toPlainString(),
                  null);
          case "closePart" -> new ExitChangeDraft(kind, null, null, null, quantity, null, null);
          default -> new ExitChangeDraft(kind, null, null, null, null, null, null);
        };
    Set<Integer> fired = new HashSet<>();
    for (int j = 0; j < now.targetFired().size(); j++) {
      if (now.targetFired().get(j)) {
        fired.add(j);
      }
    }
    ExitChangeValidator.Result v = ExitChangeValidator.validate(d, plan, fired);
    if (!(v instanceof ExitChangeValidator.Result.Valid ok)) {
      return null;
    }
    return TraderCommand.changeExits(plan.id(), ok.change(), plan.owner(), null, false);
  }
}
