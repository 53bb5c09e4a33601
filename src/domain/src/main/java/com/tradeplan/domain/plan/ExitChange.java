package com.tradeplan.domain.plan;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One change a trader makes to the exits of a plan whose entry is working or whose trade is live
 * (issue 18, docs/rules.md "Changing the exits of a live trade"). Made only by {@link
 * ExitChangeValidator} from what the trader typed, so each value is on the tick grid and fits the
 * plan's shape; whether it fits the trade's state (a target not fired yet, a position to close, the
 * policy on loosening the active stop) is the rules' to decide.
 */
public sealed interface ExitChange {
  /** The kind's name in the API and the history, e.g. {@code moveStop}. */
  String kind();

  /**
   * The change in the trader's words, for the plan's history. Stops and targets are named from 1,
   * as the plan page numbers them ("Stop 1"), while the {@code index} fields stay the API's 0-based
   * positions: {@code moveStop} with index 0 reads {@code move stop 1 to 9.50}.
   */
  String describe();

  /** How the trader names the stop or target at 0-based {@code index}: its number from 1. */
  static int number(int index) {
    return index + 1;
  }

  /**
   * Moves stop {@code index} (0-based, the plan's stops) to {@code price}; its activation stays.
   */
  record MoveStop(int index, BigDecimal price) implements ExitChange {
    public MoveStop {
      Objects.requireNonNull(price, "price");
    }

    @Override
    public String kind() {
      return "moveStop";
    }

    @Override
    public String describe() {
      return "move stop " + number(index) + " to " + price.toPlainString();
    }
  }

  /** Adds a stop at {@code price}, eligible at once or from {@code activateAt} (may be null). */
  record AddStop(BigDecimal price, BigDecimal activateAt) implements ExitChange {
    public AddStop {
      Objects.requireNonNull(price, "price");
    }

    @Override
    public String kind() {
      return "addStop";
    }

    @Override
    public String describe() {
      return "add a stop at "
          + price.toPlainString()
          + (activateAt == null ? "" : " from " + activateAt.toPlainString());
    }
  }

  /** Removes stop {@code index}; the plan keeps at least one stop. */
  record RemoveStop(int index) implements ExitChange {
    @Override
    public String kind() {
      return "removeStop";
    }

    @Override
    public String describe() {
      return "remove stop " + number(index);
    }
  }

  /** Moves target {@code index}, not fired yet, to {@code price}. */
  record MoveTarget(int index, BigDecimal price) implements ExitChange {
    public MoveTarget {
      Objects.requireNonNull(price, "price");
    }

    @Override
    public String kind() {
      return "moveTarget";
    }

    @Override
    public String describe() {
      return "move target " + number(index) + " to " + price.toPlainString();
    }
  }

  /** Adds a target at {@code price} for {@code quantity} shares (null: all that is uncovered). */
  record AddTarget(BigDecimal price, Long quantity) implements ExitChange {
    public AddTarget {
      Objects.requireNonNull(price, "price");
    }

    @Override
    public String kind() {
      return "addTarget";
    }

    @Override
    public String describe() {
      return "add a target at "
          + price.toPlainString()
          + (quantity == null ? " for the rest" : " for " + quantity);
    }
  }

  /** Sets the quantity of target {@code index}, not fired yet. */
  record SetTargetQuantity(int index, long quantity) implements ExitChange {
    @Override
    public String kind() {
      return "setTargetQuantity";
    }

    @Override
    public String describe() {
      return "set the quantity of target " + number(index) + " to " + quantity;
    }
  }

  /** Sets (or adds) the trailing stop's distance. */
  record SetTrailingDistance(BigDecimal distance) implements ExitChange {
    public SetTrailingDistance {
      Objects.requireNonNull(distance, "distance");
    }

    @Override
    public String kind() {
      return "setTrailingDistance";
    }

    @Override
    public String describe() {
      return "set the trailing distance to " + distance.toPlainString();
    }
  }

  /**
   * Moves the active stop to the average entry fill price, on the tick grid towards the profit side
   * (LONG up, SHORT down), so that a fill at the stop loses nothing but commissions.
   */
  record StopToBreakEven() implements ExitChange {
    @Override
    public String kind() {
      return "stopToBreakEven";
    }

    @Override
    public String describe() {
      return "move the active stop to break-even";
    }
  }

  /** Closes {@code quantity} shares of the position now with a market exit. */
  record ClosePart(long quantity) implements ExitChange {
    @Override
    public String kind() {
      return "closePart";
    }

    @Override
    public String describe() {
      return "close " + quantity + " now";
    }
  }
}
