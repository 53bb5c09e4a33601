package com.tradeplan.domain.plan;

import com.tradeplan.domain.strategy.StrategyChoice;
import java.util.List;
import java.util.Objects;

/**
 * A validated plan, as the trader entered it. Only {@link PlanValidator} makes these from input, so
 * every instance satisfies lifecycle.md section 3 (prices on the tick grid, stops below targets for
 * a LONG, and so on). {@code strategy} is the rule-set strategy the trader chose with its
 * parameters (docs/rules.md, "Strategies and their parameter schema"), or null for none.
 */
public record Plan(
    String id,
    String owner,
    Instrument instrument,
    Side side,
    long quantity,
    Entry entry,
    List<Stop> stops,
    List<Target> targets,
    TrailingStop trailingStop,
    StrategyChoice strategy) {
  /** A plan without a strategy. */
  public Plan(
      String id,
      String owner,
      Instrument instrument,
      Side side,
      long quantity,
      Entry entry,
      List<Stop> stops,
      List<Target> targets,
      TrailingStop trailingStop) {
    this(id, owner, instrument, side, quantity, entry, stops, targets, trailingStop, null);
  }

  public Plan {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(instrument, "instrument");
    Objects.requireNonNull(side, "side");
    Objects.requireNonNull(entry, "entry");
    stops = List.copyOf(stops);
    targets = List.copyOf(targets);
    if (quantity <= 0) {
      throw new IllegalArgumentException("quantity must be > 0: " + quantity);
    }
    if (stops.isEmpty()) {
      throw new IllegalArgumentException("a plan needs at least one stop");
    }
  }

  /** The same plan with another strategy choice (null: none). */
  public Plan withStrategy(StrategyChoice next) {
    return new Plan(
        id, owner, instrument, side, quantity, entry, stops, targets, trailingStop, next);
  }

  public String symbol() {
    return instrument.symbol();
  }

  /**
   * This plan on another instrument grid or with another entry: for the activation only, which
   * checks the plan's prices against the exchange's tick ({@link PlanValidator#offTickGrid}) first.
   */
  public Plan with(Instrument nextInstrument, Entry nextEntry) {
    return new Plan(
        id,
        owner,
        nextInstrument,
        side,
        quantity,
        nextEntry,
        stops,
        targets,
        trailingStop,
        strategy);
  }
}
