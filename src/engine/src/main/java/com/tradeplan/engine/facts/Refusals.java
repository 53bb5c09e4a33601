package com.tradeplan.engine.facts;

import com.tradeplan.domain.broker.OrderUpdate;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.order.OrderStatus;
import java.util.EnumSet;
import java.util.Set;

/**
 * What it means for a plan when one of its orders ends with shares unfilled and Tradeplan did not
 * ask for it: a broker rejection, a local denial (DENIED), an order IB reports lost on its way
 * ({@code ORDER_LOST}) or gone after a reconnect, or one IB cancelled or holds (INACTIVE) on its
 * own. The shares of such an exit are uncovered again and the rules send them again: a triggered
 * stop on the next tick, a target when the price reaches it again, a flatten on the next tick, at
 * most once a second. This class says which reports are refusals and which operator alert each
 * refused exit raises; it decides no order (the rules do). Stateless: what it needs is in the order
 * and the report.
 */
final class Refusals {
  /** The statuses in which an order ends (or, INACTIVE, stops working) without being asked. */
  private static final Set<OrderStatus> ENDS =
      EnumSet.of(
          OrderStatus.CANCELLED,
          OrderStatus.API_CANCELLED,
          OrderStatus.INACTIVE,
          OrderStatus.DENIED);

  /** A refused flatten alerts from this failure on (the trader's "aggressive retry" goes on). */
  static final int FLATTEN_FAILURES_ALERTED = 3;

  private Refusals() {}

  /**
   * True when {@code update} ends the working {@code order} with shares unfilled and Tradeplan did
   * not ask for it (an order being cancelled on request is not refused when the cancel is
   * confirmed).
   */
  static boolean refuses(OrderRecord order, OrderUpdate update) {
    return order.isWorking()
        && order.getStatus() != OrderStatus.PENDING_CANCEL
        && ENDS.contains(update.status())
        && order.getStatus().canMoveTo(update.status());
  }

  /**
   * The operator alert a refused exit of a live trade raises, or null when its retry needs none.
   * Every local denial of an exit is alerted (only the broker connection's own bounds can deny one:
   * something is wrong there); a flatten from its {@value #FLATTEN_FAILURES_ALERTED}rd failure on;
   * and the last order a stop, a target or a flatten may send, loudly, since nothing sends after
   * it.
   */
  static String alertFor(OrderRecord order, OrderUpdate update, long uncoveredQuantity) {
    OrderRole role = order.getRole();
    int attempt = order.getRef().attempt();
    String what =
        role.name().toLowerCase()
            + (role == OrderRole.TARGET ? " " + order.getIndex() : "")
            + " order "
            + order.getRef()
            + (update.status() == OrderStatus.DENIED ? " denied locally" : " refused by the broker")
            + " ("
            + update.reason()
            + ")";
    if (role == OrderRole.CLOSE) {
      // The trader's close of part of the position is sent once: nothing sends it again, the
      // stop still protects the shares, and the trader sees the refusal in the history.
      return update.status() == OrderStatus.DENIED
          ? what + ": not sent again; the stop still protects the shares"
          : null;
    }
    if (attempt >= attemptsMax(role)) {
      return role == OrderRole.TARGET
          ? what
              + ": the target is given up after "
              + attempt
              + " orders; the stop still protects the position"
          : "OPERATOR NEEDED: "
              + what
              + ", the last of "
              + attempt
              + " orders Tradeplan may send for it: "
              + uncoveredQuantity
              + " shares are left unprotected; close them at the broker";
    }
    if (role == OrderRole.FLATTEN && attempt >= FLATTEN_FAILURES_ALERTED) {
      return what
          + ", failure "
          + attempt
          + ": sent again on the next tick, at most once a second, until the position is flat";
    }
    if (update.status() == OrderStatus.DENIED) {
      return what + ": its " + order.getRemainingQuantity() + " shares are sent again";
    }
    return null;
  }

  /**
   * When {@code order} was the last its exit may send, what giving it up means for the trade (the
   * reason of the history's GIVE_UP event); null while the exit may send more.
   */
  static String givenUp(OrderRecord order, long uncoveredQuantity) {
    int attempt = order.getRef().attempt();
    if (order.getRole() == OrderRole.CLOSE || attempt < attemptsMax(order.getRole())) {
      return null;
    }
    return order.getRole() == OrderRole.TARGET
        ? "given up after its order "
            + attempt
            + " was refused; the stop still protects the position"
        : "OPERATOR NEEDED: the last of "
            + attempt
            + " orders Tradeplan may send for it was refused: "
            + uncoveredQuantity
            + " shares are left unprotected; close them at the broker";
  }

  /** The orders one exit may send in all: a target gives up sooner, the stop still protects. */
  static int attemptsMax(OrderRole role) {
    return role == OrderRole.TARGET ? PlanState.TARGET_ATTEMPTS_MAX : PlanState.ATTEMPTS_MAX;
  }
}
