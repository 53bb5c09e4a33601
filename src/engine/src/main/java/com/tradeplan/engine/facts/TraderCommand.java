package com.tradeplan.engine.facts;

import com.tradeplan.domain.plan.ExitChange;
import java.util.Objects;

/**
 * A trader action on one plan (lifecycle.md section 5), inserted for the rules to carry out. A
 * {@code CHANGE_EXITS} command carries the validated {@code change}, the {@code trader} who made it
 * and the {@code reason} they gave (may be null), both kept in the plan's history, and whether the
 * policy lets a trader loosen the active stop ({@code loosenAllowed}: the platform's setting, read
 * by the rules). A {@code FLATTEN} may carry a {@code trader} and a {@code reason} too: a flatten
 * decided by a risk limit or by a kill switch ({@link #flattenBy}).
 */
public record TraderCommand(
    String planId,
    Type type,
    ExitChange change,
    String trader,
    String reason,
    boolean loosenAllowed) {
  public enum Type {
    CANCEL,
    FLATTEN,
    CHANGE_EXITS
  }

  public TraderCommand {
    Objects.requireNonNull(planId, "planId");
    Objects.requireNonNull(type, "type");
    if ((type == Type.CHANGE_EXITS) != (change != null)) {
      throw new IllegalArgumentException("a change of exits, and only that, carries a change");
    }
  }

  /** A cancel or a flatten. */
  public TraderCommand(String planId, Type type) {
    this(planId, type, null, null, null, false);
  }

  /**
   * A flatten the platform decides (a risk limit: the loss per trade, the holding time; a kill
   * switch engaged with flatten): {@code who} and {@code reason} name the limit, its value and the
   * figure that reached it (or the switch and its words), and the history records them as the
   * flatten's action.
   */
  public static TraderCommand flattenBy(String planId, String who, String reason) {
    return new TraderCommand(
        planId,
        Type.FLATTEN,
        null,
        Objects.requireNonNull(who),
        Objects.requireNonNull(reason),
        false);
  }

  /** A change of the exits of {@code planId} by {@code trader}. */
  public static TraderCommand changeExits(
      String planId, ExitChange change, String trader, String reason, boolean loosenAllowed) {
    return new TraderCommand(planId, Type.CHANGE_EXITS, change, trader, reason, loosenAllowed);
  }

  /** True for a change that closes part of the position now (an order, not a level). */
  public boolean isClosePart() {
    return change instanceof ExitChange.ClosePart;
  }

  /** The shares a close of part of the position asks for; 0 for any other command. */
  public long closeQuantity() {
    return change instanceof ExitChange.ClosePart c ? c.quantity() : 0;
  }

  /** What the history says: the trader, the change, and the reason when one was given. */
  public String describe() {
    String who = trader == null ? "trader" : trader;
    return who + ": " + change.describe() + (reason == null ? "" : " (" + reason + ")");
  }
}
