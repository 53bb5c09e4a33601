package com.tradeplan.broker;

import com.tradeplan.broker.risk.EntryLimits;
import com.tradeplan.domain.broker.Broker;
import com.tradeplan.domain.broker.BrokerListener;
import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.OrderUpdate;
import com.tradeplan.domain.broker.SubmitResult;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.order.OrderStatus;
import com.tradeplan.domain.risk.RiskLimits;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The invariants no rule can break, in front of any {@link Broker}: the kill switches (global, per
 * account, per user: {@link KillScope}) and the layered risk limits ({@link EntryLimits}: largest
 * order, positions, notional, rates, price collar, daily loss, cooldown, stagger), all for
 * <b>entries</b>. A refusal is {@link SubmitResult#denied} with a reason that names the limit, its
 * value and the figure that broke it; the order never leaves Tradeplan (a local DENIED, never a
 * broker rejection).
 *
 * <p>An entry that {@link IbBroker} sends once more after a reconnect (journaled, never
 * acknowledged) meets the kill switch too, not the limits it already passed: the gate hands the
 * broker its {@link ResendGuard} when it is made ({@link #resendRefusal}); the refused entry is
 * reported DENIED with the switch as its reason, and its figures are released like any ended
 * entry's.
 *
 * <p>What protects a position is never refused here. An exit (role STOP, TARGET, FLATTEN or CLOSE:
 * {@link #isExit}) can only reduce a position the platform let in: the engine sizes every exit to
 * at most the open position not already covered by working exits, and refuses to build one beyond
 * it (lifecycle.md §4.5; {@code PlanState}). So an exit passes the kill switch, the rate limit (and
 * does not use the owner's rate), and the quantity maximum (a position built from several entries
 * may be larger than one entry may be, and must still be exitable in one order). The broker behind
 * sends exits ahead of entries ({@link OrderSender#priority}). Cancels always pass: they only
 * reduce risk. "Never oversell" stays with the engine; the positions the limits count here are the
 * aggregates of what passed this gate.
 *
 * <p>Reports pass through on their way to the listener ({@link #setListener}): the limits count
 * every fill and end of an order, and a fill that brings a position to its maximum per symbol has
 * the holder's working entries on that symbol cancelled here, their cancellation reported to the
 * plan with the limit as its reason.
 */
public final class RiskGate implements Broker {
  /** Entries cancelled by a limit whose cancellation is not reported yet; the oldest is dropped. */
  private static final int CANCEL_REASONS_KEPT = 10_000;

  private final Broker delegate;
  private final EntryLimits limits;
  private final Map<OrderRef, String> cancelReasons =
      Collections.synchronizedMap(
          new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<OrderRef, String> eldest) {
              return size() > CANCEL_REASONS_KEPT;
            }
          });
  private final String defaultAccount;

  /**
   * The engaged kill switches and their reasons, replaced whole under this object's lock (copy on
   * write: read on every entry without a lock). Bounded by the scopes an operator or a trigger
   * engages (one per user and account at most).
   */
  private volatile Map<KillScope, String> killReasons = Map.of();

  /** {@link #killReasons} by the scope's written form, what {@link #submit} looks up. */
  private volatile Map<String, String> killReasonsByName = Map.of();

  /** Only the platform's largest order and rate per owner: the defaults of a platform. */
  public RiskGate(
      Broker delegate, long maxOrderQuantity, int ordersPerSecondPerOwner, int burstPerOwner) {
    this(
        delegate,
        EntryLimits.of(platformDefaults(maxOrderQuantity, ordersPerSecondPerOwner, burstPerOwner)),
        null);
  }

  /** The platform's largest order and rate per owner, on a connection with this default account. */
  public RiskGate(
      Broker delegate,
      long maxOrderQuantity,
      int ordersPerSecondPerOwner,
      int burstPerOwner,
      String defaultAccount) {
    this(
        delegate,
        EntryLimits.of(platformDefaults(maxOrderQuantity, ordersPerSecondPerOwner, burstPerOwner)),
        defaultAccount);
  }

  /** As below, for a connection whose default account is not known here. */
  public RiskGate(Broker delegate, EntryLimits limits) {
    this(delegate, limits, null);
  }

  /**
   * @param defaultAccount the IB account of an order that names none (the connection's default),
   *     for the account kill switches; null: such an order is in no account's scope
   */
  public RiskGate(Broker delegate, EntryLimits limits, String defaultAccount) {
    this.delegate = delegate;
    this.limits = limits;
    this.defaultAccount = defaultAccount;
    if (delegate instanceof IbBroker ib) {
      // An entry re-sent after a reconnect meets the switch a first send meets.
      ib.setResendGuard(this::resendRefusal);
    }
  }

  /**
   * The platform layer made from the configured largest order and rate per owner (the limits the
   * gate had before they were data); every other limit unset.
   */
  public static RiskLimits platformDefaults(
      long maxOrderQuantity, int ordersPerSecondPerOwner, int burstPerOwner) {
    if (maxOrderQuantity <= 0 || ordersPerSecondPerOwner <= 0 || burstPerOwner <= 0) {
      throw new IllegalArgumentException("limits must be > 0");
    }
    return RiskLimits.builder()
        .maxOrderQuantity(maxOrderQuantity)
        .ordersPerSecond(ordersPerSecondPerOwner)
        .orderBurst(burstPerOwner)
        .build();
  }

  /** The limits this gate checks (their layers are swapped when an operator changes them). */
  public EntryLimits limits() {
    return limits;
  }

  /**
   * True for an order that can only reduce a position: a stop, a target or a flatten (what the
   * engine sends to leave a position, never more than the position). Only an entry opens one.
   */
  public static boolean isExit(OrderRequest request) {
    return request.ref().role() != OrderRole.ENTRY;
  }

  /** Stops every new entry until {@link #releaseKillSwitch()}; exits and cancels still go. */
  public void engageKillSwitch(String reason) {
    engageKillSwitch(KillScope.GLOBAL, reason);
  }

  /** Releases the global kill switch; the switches of accounts and users stay as they are. */
  public void releaseKillSwitch() {
    releaseKillSwitch(KillScope.GLOBAL);
  }

  /** Whether the global kill switch is engaged. */
  public boolean killSwitchEngaged() {
    return killReasons.containsKey(KillScope.GLOBAL);
  }

  /**
   * Stops every new entry in {@code scope} until {@link #releaseKillSwitch(KillScope)}; exits and
   * cancels still go. Engaging an engaged scope replaces its reason.
   */
  public synchronized void engageKillSwitch(KillScope scope, String reason) {
    Map<KillScope, String> next = new HashMap<>(killReasons);
    next.put(scope, reason == null ? "kill switch engaged" : reason);
    publish(next);
  }

  public synchronized void releaseKillSwitch(KillScope scope) {
    if (killReasons.containsKey(scope)) {
      Map<KillScope, String> next = new HashMap<>(killReasons);
      next.remove(scope);
      publish(next);
    }
  }

  private void publish(Map<KillScope, String> next) {
    Map<String, String> byName = new HashMap<>();
    next.forEach((scope, reason) -> byName.put(scope.toString(), reason));
    killReasonsByName = Map.copyOf(byName);
    killReasons = Map.copyOf(next);
  }

  /** The engaged scopes and their reasons, now. */
  public Map<KillScope, String> killSwitches() {
    return killReasons;
  }

  /** The connection's default account the account switches count an order without one for. */
  public String defaultAccount() {
    return defaultAccount;
  }

  /** An engaged switch that covers an entry: its scope as written and its reason. */
  private record Engaged(String scope, String reason) {}

  /** The engaged switch that covers {@code request} (the global one first), or null. */
  private Engaged engagedFor(OrderRequest request) {
    Map<String, String> engaged = killReasonsByName;
    if (engaged.isEmpty()) {
      return null;
    }
    String global = engaged.get("global");
    if (global != null) {
      return new Engaged("global", global);
    }
    String account = request.account() == null ? defaultAccount : request.account();
    if (account != null) {
      String reason = engaged.get("account:" + account);
      if (reason != null) {
        return new Engaged("account:" + account, reason);
      }
    }
    String reason = engaged.get("user:" + request.owner());
    return reason == null ? null : new Engaged("user:" + request.owner(), reason);
  }

  /** The refusal of an entry that an engaged switch covers, or null when none does. */
  private String killRefusal(OrderRequest request) {
    Engaged e = engagedFor(request);
    if (e == null) {
      return null;
    }
    return "kill switch engaged"
        + (e.scope().equals("global") ? "" : " for " + e.scope())
        + " ("
        + e.reason()
        + "): entries are refused, exits and cancels pass";
  }

  /**
   * The refusal of an entry's one re-send after a reconnect ({@link ResendGuard}), or null: only
   * the kill switch. The entry passed every limit at its first send and is counted in the figures
   * until it ends; its re-send is the same order on its way to IB, not a new one, so the limits,
   * the account guard and the trading hours are not asked again (asked, they would count it twice).
   * The switch is: it stops every entry in its scope that has not reached IB, from the press on.
   */
  String resendRefusal(OrderRequest entry) {
    Engaged e = engagedFor(entry);
    return e == null
        ? null
        : "not sent again after the reconnect: kill switch engaged for "
            + e.scope()
            + " ("
            + e.reason()
            + "); the entry never reached IB";
  }

  /**
   * Whether an account may send an entry now, beyond its limits: the runtime's portfolio risk
   * rebalancer blocks or throttles an account over its thresholds (docs/risk.md). Asked for every
   * entry after the kill switch, on the sending lane's thread: it must be fast and must not block.
   * Never asked for an exit or a cancel.
   */
  public interface AccountEntryGuard {
    /** The refusal of an entry of {@code account} now, or null when it may go. */
    String refusal(String account);
  }

  private volatile AccountEntryGuard accountGuard = account -> null;
  private volatile TradingHoursGuard hoursGuard; // null: no hours rule

  /**
   * Sets the trading hours rule (one; the last set holds): entries outside the hours are refused,
   * exits are sent and alerted (docs/risk.md, "Trading hours").
   */
  public void setTradingHoursGuard(TradingHoursGuard guard) {
    this.hoursGuard = java.util.Objects.requireNonNull(guard, "guard");
  }

  /** Sets the account guard (one; the last set holds). */
  public void setAccountEntryGuard(AccountEntryGuard guard) {
    this.accountGuard = java.util.Objects.requireNonNull(guard, "guard");
  }

  @Override
  public SubmitResult submit(OrderRequest request) {
    if (isExit(request)) {
      limits.exitSent(request); // counted for its fills, never refused
      SubmitResult sent = delegate.submit(request); // protects a position: never refused here
      if (sent.code() == SubmitResult.Code.DENIED) {
        limits.notSent(request.ref());
      } else if (hoursGuard != null) {
        hoursGuard.exitSent(request); // outside the hours: alerted, never refused
      }
      return sent;
    }
    String kill = killRefusal(request);
    if (kill != null) {
      return SubmitResult.denied(kill);
    }
    String guarded =
        accountGuard.refusal(request.account() == null ? defaultAccount : request.account());
    if (guarded != null) {
      return SubmitResult.denied(guarded);
    }
    TradingHoursGuard hours = hoursGuard;
    String closed = hours == null ? null : hours.entryRefusal(request);
    if (closed != null) {
      return SubmitResult.denied(closed);
    }
    EntryLimits.Admission admission = limits.admitEntry(request);
    if (!admission.admitted()) {
      return SubmitResult.denied(admission.refusal());
    }
    SubmitResult sent = delegate.submit(request);
    if (sent.code() == SubmitResult.Code.DENIED) {
      limits.notSent(request.ref());
    }
    return sent;
  }

  @Override
  public SubmitResult cancel(OrderRef ref) {
    return delegate.cancel(ref);
  }

  /** The listener gets every report after the limits counted it (see the class comment). */
  @Override
  public void setListener(BrokerListener listener) {
    delegate.setListener(new CountingListener(listener));
  }

  /**
   * Counts each report in the limits, then hands it on, on the broker's thread. A fill that made
   * entries too many has them cancelled through the broker behind (a cancel only queues there);
   * their CANCELLED report then carries the limit as its reason.
   */
  private final class CountingListener implements BrokerListener {
    private final BrokerListener next;

    CountingListener(BrokerListener next) {
      this.next = next;
    }

    @Override
    public void onOrderUpdate(OrderUpdate update) {
      limits.onOrderUpdate(update);
      String reason =
          update.status() == OrderStatus.CANCELLED || update.status() == OrderStatus.API_CANCELLED
              ? cancelReasons.remove(update.ref())
              : null;
      next.onOrderUpdate(
          reason == null || update.reason() != null
              ? update
              : new OrderUpdate(update.ref(), update.status(), false, reason));
    }

    @Override
    public void onFill(Fill fill) {
      List<EntryLimits.Cancel> cancels = limits.onFill(fill);
      next.onFill(fill);
      for (EntryLimits.Cancel c : cancels) {
        cancelReasons.put(c.ref(), c.reason());
        delegate.cancel(c.ref());
      }
    }

    @Override
    public void onCommission(String executionId, OrderRef ref, BigDecimal commission) {
      limits.onCommission(executionId, ref, commission);
      next.onCommission(executionId, ref, commission);
    }
  }
}
