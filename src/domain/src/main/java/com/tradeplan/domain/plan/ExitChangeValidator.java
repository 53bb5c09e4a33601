package com.tradeplan.domain.plan;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a trader's change of exits against the plan it changes (lifecycle.md section 3 applied to
 * the plan as it would be after the change) and returns the change or every failing field with a
 * reason, never an exception. What it cannot know is left to the rules: whether a target already
 * fired (it is told which had when the trader looked, to leave them out of the ordering check),
 * what is open and uncovered, and whether the policy lets the active stop loosen.
 *
 * <p>The ordering check of a live trade leaves the entry price out: the trade entered at its fills,
 * and a stop moved to break-even or beyond sits above the entry trigger for a LONG. It keeps every
 * stop below every target not fired yet (LONG; SHORT the mirror image), and an added stop's
 * activation level beyond its price.
 */
public final class ExitChangeValidator {
  /** The longest reason kept in the history. */
  public static final int REASON_MAX = 200;

  /** The fields each kind takes (besides {@code kind} and {@code reason}). */
  private static final Map<String, Set<String>> FIELDS =
      Map.of(
          "moveStop", Set.of("index", "price"),
          "addStop", Set.of("price", "activateAt"),
          "removeStop", Set.of("index"),
          "moveTarget", Set.of("index", "price"),
          "addTarget", Set.of("price", "quantity"),
          "setTargetQuantity", Set.of("index", "quantity"),
          "setTrailingDistance", Set.of("distance"),
          "stopToBreakEven", Set.of(),
          "closePart", Set.of("quantity"));

  /** The change, or the reasons it cannot be. */
  public sealed interface Result {
    /** A change that fits the plan's shape. */
    record Valid(ExitChange change, String reason) implements Result {}

    /** Every field that fails, with its reason. */
    record Invalid(List<FieldError> errors) implements Result {}
  }

  private final Plan plan;
  private final Set<Integer> firedTargets;
  private final BigDecimal tickSize;
  private final List<FieldError> errors = new ArrayList<>();

  private ExitChangeValidator(Plan plan, Set<Integer> firedTargets) {
    this.plan = plan;
    this.firedTargets = firedTargets;
    this.tickSize = plan.instrument().tickSize();
  }

  /**
   * Validates {@code draft} against {@code plan}; {@code firedTargets} are the indexes of the
   * targets that had fired when the trader sent it (left out of the ordering check).
   */
  public static Result validate(ExitChangeDraft draft, Plan plan, Set<Integer> firedTargets) {
    return new ExitChangeValidator(plan, firedTargets).run(draft);
  }

  private Result run(ExitChangeDraft d) {
    if (d.kind() == null || d.kind().isBlank()) {
      return invalid("kind", "is required: one of " + String.join(", ", kinds()));
    }
    Set<String> fields = FIELDS.get(d.kind());
    if (fields == null) {
      return invalid("kind", "must be one of " + String.join(", ", kinds()));
    }
    notTaken(fields, "index", d.index());
    notTaken(fields, "price", d.price());
    notTaken(fields, "activateAt", d.activateAt());
    notTaken(fields, "quantity", d.quantity());
    notTaken(fields, "distance", d.distance());
    if (d.reason() != null && d.reason().length() > REASON_MAX) {
      error("reason", "must be at most " + REASON_MAX + " characters");
    }
    ExitChange change = change(d);
    if (!errors.isEmpty() || change == null) {
      return new Result.Invalid(List.copyOf(errors));
    }
    String reason = d.reason() == null || d.reason().isBlank() ? null : d.reason().strip();
    return new Result.Valid(change, reason);
  }

  /**
   * The change of {@code d}'s kind, or null when a field failed. Longer than most methods on
   * purpose: one case per kind, each the few checks of that kind, side by side so that a reader
   * sees every kind's rules in one place.
   */
  private ExitChange change(ExitChangeDraft d) {
    int stops = plan.stops().size();
    int targets = plan.targets().size();
    switch (d.kind()) {
      case "moveStop" -> {
        Integer i = index(d.index(), stops, "stop");
        BigDecimal p = price(d.price(), "price");
        if (i == null || p == null) {
          return null;
        }
        Stop s = plan.stops().get(i);
        if (s.activateAt() != null && !plan.side().isBetter(s.activateAt(), p)) {
          error("price", "must stay " + worse() + " the stop's activation level " + plain(s));
        }
        stopBelowTargets(p);
        return new ExitChange.MoveStop(i, p);
      }
      case "addStop" -> {
        BigDecimal p = price(d.price(), "price");
        BigDecimal a = d.activateAt() == null ? null : price(d.activateAt(), "activateAt");
        if (stops >= PlanValidator.STOPS_MAX) {
          error("kind", "a plan has at most " + PlanValidator.STOPS_MAX + " stops");
        }
        if (p == null || (d.activateAt() != null && a == null)) {
          return null;
        }
        if (a != null && !plan.side().isBetter(a, p)) {
          error("activateAt", "must be " + better() + " the stop price for a " + plan.side());
        }
        stopBelowTargets(p);
        return new ExitChange.AddStop(p, a);
      }
      case "removeStop" -> {
        Integer i = index(d.index(), stops, "stop");
        if (i != null && stops == 1) {
          error("index", "is the plan's only stop: a plan keeps at least one stop");
        }
        return i == null ? null : new ExitChange.RemoveStop(i);
      }
      case "moveTarget" -> {
        Integer i = index(d.index(), targets, "target");
        BigDecimal p = price(d.price(), "price");
        if (i == null || p == null) {
          return null;
        }
        targetBeyondStops(p);
        return new ExitChange.MoveTarget(i, p);
      }
      case "addTarget" -> {
        BigDecimal p = price(d.price(), "price");
        Long q = d.quantity() == null ? null : quantity(d.quantity(), "quantity");
        if (targets >= PlanValidator.TARGETS_MAX) {
          error("kind", "a plan has at most " + PlanValidator.TARGETS_MAX + " targets");
        }
        if (p == null || (d.quantity() != null && q == null)) {
          return null;
        }
        targetBeyondStops(p);
        if (q != null) {
          targetQuantitiesFit(-1, q);
        }
        return new ExitChange.AddTarget(p, q);
      }
      case "setTargetQuantity" -> {
        Integer i = index(d.index(), targets, "target");
        Long q = quantity(d.quantity(), "quantity");
        if (i == null || q == null) {
          return null;
        }
        targetQuantitiesFit(i, q);
        return new ExitChange.SetTargetQuantity(i, q);
      }
      case "setTrailingDistance" -> {
        BigDecimal p = price(d.distance(), "distance");
        return p == null ? null : new ExitChange.SetTrailingDistance(p);
      }
      case "stopToBreakEven" -> {
        return new ExitChange.StopToBreakEven();
      }
      case "closePart" -> {
        Long q = quantity(d.quantity(), "quantity");
        return q == null ? null : new ExitChange.ClosePart(q);
      }
      default -> throw new IllegalStateException("kind checked above: " + d.kind());
    }
  }

  /** Every stop stays on the loss side of every target not fired yet. */
  private void stopBelowTargets(BigDecimal stop) {
    for (int j = 0; j < plan.targets().size(); j++) {
      BigDecimal t = plan.targets().get(j).price();
      if (!firedTargets.contains(j) && !plan.side().isBetter(t, stop)) {
        error(
            "price",
            "must be "
                + worse()
                + " target "
                + ExitChange.number(j)
                + " ("
                + t.toPlainString()
                + ") for a "
                + side());
        return;
      }
    }
  }

  private void targetBeyondStops(BigDecimal target) {
    for (int i = 0; i < plan.stops().size(); i++) {
      BigDecimal s = plan.stops().get(i).price();
      if (!plan.side().isBetter(target, s)) {
        error(
            "price",
            "must be "
                + better()
                + " stop "
                + ExitChange.number(i)
                + " ("
                + s.toPlainString()
                + ") for a "
                + side());
        return;
      }
    }
  }

  private void targetQuantitiesFit(int replaced, long quantity) {
    long sum = quantity;
    for (int j = 0; j < plan.targets().size(); j++) {
      Long q = plan.targets().get(j).quantity();
      if (j != replaced && q != null) {
        sum += q;
      }
    }
    if (sum > plan.quantity()) {
      error(
          "quantity",
          "would make the target quantities add up to "
              + sum
              + ", more than the plan quantity "
              + plan.quantity());
    }
  }

  private Integer index(String text, int count, String what) {
    Long i = integer(text, "index", 0);
    if (i == null) {
      return null;
    }
    if (i >= count) {
      error(
          "index",
          "must name one of the plan's " + count + " " + what + "s (0.." + (count - 1) + ")");
      return null;
    }
    return i.intValue();
  }

  private Long quantity(String text, String field) {
    Long q = integer(text, field, 1);
    if (q != null && q > PlanValidator.QUANTITY_MAX) {
      error(field, "must be at most " + PlanValidator.QUANTITY_MAX);
      return null;
    }
    return q;
  }

  private Long integer(String text, String field, long min) {
    if (text == null || text.isBlank()) {
      error(field, "is required");
      return null;
    }
    long v;
    try {
      v = Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      error(field, "must be a whole number");
      return null;
    }
    if (v < min) {
      error(field, "must be at least " + min);
      return null;
    }
    return v;
  }

  private BigDecimal price(String text, String field) {
    if (text == null || text.isBlank()) {
      error(field, "is required");
      return null;
    }
    PriceText.Parsed p = PriceText.parse(text, tickSize);
    if (p.problem() != null) {
      error(field, p.problem());
    }
    return p.price();
  }

  private void notTaken(Set<String> fields, String field, String value) {
    if (value != null && !fields.contains(field)) {
      error(field, "is not a field of a " + "change of kind " + kindOf(fields));
    }
  }

  private static String kindOf(Set<String> fields) {
    for (Map.Entry<String, Set<String>> e : FIELDS.entrySet()) {
      if (e.getValue() == fields) {
        return e.getKey();
      }
    }
    return "?";
  }

  private static List<String> kinds() {
    return FIELDS.keySet().stream().sorted().toList();
  }

  private String side() {
    return plan.side().name();
  }

  private String worse() {
    return plan.side() == Side.LONG ? "below" : "above";
  }

  private String better() {
    return plan.side() == Side.LONG ? "above" : "below";
  }

  private static String plain(Stop s) {
    return s.activateAt().toPlainString();
  }

  private Result invalid(String field, String message) {
    error(field, message);
    return new Result.Invalid(List.copyOf(errors));
  }

  private void error(String field, String message) {
    errors.add(new FieldError(field, message));
  }
}
