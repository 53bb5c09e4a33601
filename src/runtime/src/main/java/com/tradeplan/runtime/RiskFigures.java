package com.tradeplan.runtime;

import com.tradeplan.broker.risk.EntryLimits;
import com.tradeplan.broker.risk.RestoredOrder;
import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.state.OrderSnapshot;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.store.LoadResult;
import com.tradeplan.store.PlanCounts;
import com.tradeplan.store.QuarantinedDocument;
import com.tradeplan.store.RecordedEvent;
import com.tradeplan.store.TradeStore;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the risk check's figures (positions, working entries, today's realized P&amp;L, the last
 * stop-out per symbol: {@link EntryLimits}) of the users this member takes over, at start, after
 * another member died or left, or when a user is rebuilt ({@link UserTakeover}). They live in
 * memory and a new process starts them empty: without this a trader past their daily loss before a
 * restart could enter again, and the position limits would count nothing of what is open. The facts
 * are replayed through the same counting as live reports ({@link EntryLimits#restore}): the orders
 * of the user's plans as the take-over resumes them and of every plan of theirs written since the
 * trading day began, with the executions their histories recorded (their times say which day's
 * P&amp;L they are). The account's figures are the sum of its users this member has taken over.
 *
 * <p>Fail closed: a user whose figures cannot be completed (the store does not answer, an
 * unreadable document of today, a bound) has every entry refused with the reason, an alert ({@code
 * RISK_FIGURES_INCOMPLETE}) says so, and the rebuild is tried again every second ({@link
 * #retryIncomplete}) until it completes; exits are never refused. An execution the store has not
 * recorded yet (a fill the previous member applied but had not written) is counted when the
 * broker's reconcile, which follows the take-over, reports it through the gate.
 *
 * <p>{@link #rebuild} runs inside a take-over, {@link #retryIncomplete} on the platform's timer,
 * {@link #released} when the user leaves this member: all under {@link LocalUsers#ownershipLock}.
 * None throws. Cost: per user one paged query of today's plans and one history read per plan with a
 * fill, before the user's plans go into the engine (docs/risk.md, "After a restart").
 */
final class RiskFigures {
  private static final Logger LOG = LoggerFactory.getLogger(RiskFigures.class);

  /** Plans of one user written today that are read; a user with more is refused entries. */
  static final int PLANS_READ_MAX = 5_000;

  /** The ended statuses, whose plans' realized P&amp;L starts the cumulative loss's figure. */
  static final Set<PlanStatus> ENDED =
      java.util.EnumSet.copyOf(
          java.util.Arrays.stream(PlanStatus.values()).filter(PlanStatus::isTerminal).toList());

  /** The longest the sum of a user's ended plans may take before the rebuild counts as failed. */
  static final java.time.Duration READ_TIME = java.time.Duration.ofSeconds(5);

  /** What the rebuild reads from the store (an interface so a test can make the store fail). */
  interface StoredPlans {
    /** The owner's plans that are not ended. */
    LoadResult running(String owner);

    /** One page of the owner's plans written at or after {@code since}, by plan id. */
    LoadResult changedSince(String owner, Instant since, String afterPlanId, int limit);

    /** A plan's recorded history, in order. */
    List<PlanEvent> history(String planId);

    /** The realized P&amp;L (after commissions) of every ended plan of the owner. */
    BigDecimal realizedOfEndedPlans(String owner);

    static StoredPlans of(TradeStore store, PlanCounts counts) {
      return new StoredPlans() {
        @Override
        public BigDecimal realizedOfEndedPlans(String owner) {
          return counts.ofOwner(owner, ENDED, READ_TIME).realizedPnl();
        }

        @Override
        public LoadResult running(String owner) {
          return store.findByOwner(owner, TradeStore.MONITORED);
        }

        @Override
        public LoadResult changedSince(String owner, Instant since, String after, int limit) {
          return store.findByOwnerChangedSince(owner, since, after, limit);
        }

        @Override
        public List<PlanEvent> history(String planId) {
          return store.history(planId).stream().map(RecordedEvent::event).toList();
        }
      };
    }
  }

  private final StoredPlans store;
  private final EntryLimits limits;
  private final Alerts alerts;
  private final Clock clock;

  /** Users whose figures are incomplete, with the orders never sent to leave out: retried. */
  private final Map<String, Set<OrderRef>> incomplete = new ConcurrentSkipListMap<>();

  RiskFigures(StoredPlans store, EntryLimits limits, Alerts alerts, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.alerts = Objects.requireNonNull(alerts, "alerts");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Rebuilds the figures of the users being taken over, before their plans go into the engine.
   *
   * @param plansByOwner per user, per plan id, the newest state the take-over resumes from
   * @param journal per plan, the broker order ids journaled (an order still CREATED without one was
   *     never sent: the take-over sends it through the gate, which counts it then)
   */
  void rebuild(
      Map<String, Map<String, PlanSnapshot>> plansByOwner, Map<String, Map<String, Long>> journal) {
    plansByOwner.forEach(
        (owner, plans) -> {
          Set<OrderRef> neverSent = new HashSet<>();
          for (PlanSnapshot s : plans.values()) {
            Map<String, Long> journaled = journal.getOrDefault(s.planId(), Map.of());
            for (OrderSnapshot o : s.orders()) {
              if (UserTakeover.neverSent(o, journaled)) {
                neverSent.add(o.ref());
              }
            }
          }
          rebuildUser(owner, plans.values(), neverSent);
        });
  }

  /**
   * Tries again, for every user whose figures are incomplete, until the store fails again (then the
   * others wait for the next round: the timer is not held once per user by a store that is down).
   * Runs on the platform's timer.
   */
  void retryIncomplete() {
    for (Map.Entry<String, Set<OrderRef>> e : new TreeMap<>(incomplete).entrySet()) {
      String owner = e.getKey();
      if (!rebuildUser(owner, null, e.getValue())) {
        return;
      }
    }
  }

  /**
   * A plan that starts here with fills after its user was taken over (one that adopted shares held
   * at IB, {@link PositionActions}; or a live plan handed to the cluster late at its start): its
   * fills, read from its history, count into the user's and the account's figures as restored ones
   * (once: an execution counted already is not counted again). When the history cannot be read, the
   * user's entries are refused until the retry rebuilds the user from the store (as after a
   * take-over).
   */
  void adopted(PlanSnapshot s) {
    String owner = s.plan().owner();
    String why;
    try {
      why = limits.restore(ordersOf(List.of(s), Set.of(), true));
    } catch (RuntimeException e) {
      why = "the store could not be read: " + e.getMessage();
    }
    if (why == null) {
      return;
    }
    limits.refuseEntriesOf(owner, why);
    if (incomplete.putIfAbsent(owner, new HashSet<>()) == null) {
      alerts.alert(
          "RISK_FIGURES_INCOMPLETE",
          "user " + owner + ": entries refused until the risk figures are rebuilt: " + why);
    }
  }

  /** The user runs elsewhere now: its next holder rebuilds its figures; nothing is retried here. */
  void released(String owner) {
    if (incomplete.remove(owner) != null) {
      limits.figuresComplete(owner);
    }
  }

  /** Whether the user's figures wait for a rebuild (its entries are refused meanwhile). */
  boolean isIncomplete(String owner) {
    return incomplete.containsKey(owner);
  }

  /**
   * Rebuilds one user from {@code resumed} (the take-over's state; null: the store's running plans)
   * and today's plans; returns whether the figures are complete now, else refuses its entries.
   */
  private boolean rebuildUser(
      String owner, Collection<PlanSnapshot> resumed, Set<OrderRef> neverSent) {
    Map<String, PlanSnapshot> plans = new TreeMap<>();
    String why;
    try {
      Collection<PlanSnapshot> running = resumed != null ? resumed : store.running(owner).plans();
      running.forEach(s -> plans.put(s.planId(), s));
      why = readToday(owner, plans);
      why = why != null ? why : limits.restore(ordersOf(plans.values(), neverSent, true));
      if (why == null) {
        limits.setRealizedEarlier(owner, realizedEarlier(owner, plans.values()));
      }
    } catch (RuntimeException e) {
      if (resumed != null) {
        // What the take-over knows is tracked still, so the fills the reconcile reports count.
        limits.restore(ordersOf(resumed, neverSent, false));
      }
      why = "the store could not be read: " + e.getMessage();
    }
    if (why == null) {
      limits.figuresComplete(owner);
      if (incomplete.remove(owner) != null) {
        LOG.info("user {}: risk figures rebuilt; entries are checked as usual again", owner);
      }
      return true;
    }
    limits.refuseEntriesOf(owner, why);
    if (incomplete.put(owner, neverSent) == null) {
      alerts.alert(
          "RISK_FIGURES_INCOMPLETE",
          "user " + owner + ": entries refused until the risk figures are rebuilt: " + why);
    }
    return false;
  }

  /**
   * The realized P&amp;L of the owner's ended plans that were not replayed (those of earlier days):
   * the store's sum over every ended plan less the replayed ended plans' own.
   */
  private BigDecimal realizedEarlier(String owner, Collection<PlanSnapshot> replayed) {
    BigDecimal sum = store.realizedOfEndedPlans(owner);
    for (PlanSnapshot s : replayed) {
      if (s.status().isTerminal()) {
        sum = sum.subtract(s.realizedPnl());
      }
    }
    return sum;
  }

  /**
   * Adds the owner's plans written since the trading day began to {@code plans} (a plan there
   * already is the take-over's newer state). Returns null, or why today's plans are incomplete.
   */
  private String readToday(String owner, Map<String, PlanSnapshot> plans) {
    LocalDate day = LocalDate.ofInstant(clock.instant(), RiskLimitsService.TRADING_DAY_ZONE);
    Instant dayStart = day.atStartOfDay(RiskLimitsService.TRADING_DAY_ZONE).toInstant();
    String after = null;
    int read = 0;
    while (true) {
      LoadResult page = store.changedSince(owner, dayStart, after, TradeStore.PAGE_MAX);
      if (!page.quarantined().isEmpty()) {
        QuarantinedDocument q = page.quarantined().get(0);
        return "plan " + q.planId() + " written today cannot be read (" + q.reason() + ")";
      }
      for (PlanSnapshot s : page.plans()) {
        plans.putIfAbsent(s.planId(), s);
        after = s.planId();
      }
      read += page.plans().size();
      if (page.plans().size() < TradeStore.PAGE_MAX) {
        return null;
      }
      if (read >= PLANS_READ_MAX) {
        return "more than " + PLANS_READ_MAX + " plans written today";
      }
    }
  }

  /**
   * The plans' orders, with their recorded executions when {@code withFills} (a store read). An
   * order works while it is not done and its plan has not ended (an ended plan's intent never sent
   * works no more).
   */
  private List<RestoredOrder> ordersOf(
      Collection<PlanSnapshot> plans, Set<OrderRef> neverSent, boolean withFills) {
    List<RestoredOrder> out = new ArrayList<>();
    for (PlanSnapshot s : plans) {
      Map<String, List<Fill>> fills =
          withFills && s.filledEntryQuantity() > 0 ? withUnwritten(s, fillsOf(s)) : Map.of();
      BigDecimal entryPrice = s.plan().entry() == null ? null : s.plan().entry().price();
      for (OrderSnapshot o : s.orders()) {
        if (neverSent.contains(o.ref())) {
          continue;
        }
        out.add(
            new RestoredOrder(
                UserTakeover.requestOf(s, o),
                o.ref().role() == OrderRole.ENTRY ? entryPrice : null,
                !o.status().isDone() && !s.status().isTerminal(),
                fills.getOrDefault(o.ref().toString(), List.of())));
      }
    }
    return out;
  }

  /**
   * {@code fromHistory} plus the entry shares the plan's state says are filled but its stored
   * history lacks: a fill its previous member applied (and replicated) but had not written when it
   * died. Without them the rebuilt position would be short until IB's reconcile reported the
   * execution again, and an entry could pass a position limit meanwhile. They count as one fill on
   * the plan's last entry order at their average price (from the state's entry cost), under the
   * first execution id the state has and the history lacks, so that the reconcile's report of that
   * execution is not counted again. Should several be missing, the others' reports count again
   * later: the figures then overstate the position (refusing more), never understate it.
   */
  private Map<String, List<Fill>> withUnwritten(
      PlanSnapshot s, Map<String, List<Fill>> fromHistory) {
    long written = 0;
    BigDecimal writtenCost = BigDecimal.ZERO;
    Set<String> writtenIds = new HashSet<>();
    for (List<Fill> fills : fromHistory.values()) {
      for (Fill f : fills) {
        writtenIds.add(f.executionId());
        if (f.orderRef().role() == OrderRole.ENTRY) {
          written += f.quantity();
          writtenCost = writtenCost.add(f.price().multiply(BigDecimal.valueOf(f.quantity())));
        }
      }
    }
    long missing = s.filledEntryQuantity() - written;
    OrderSnapshot entry = null;
    for (OrderSnapshot o : s.orders()) {
      if (o.ref().role() == OrderRole.ENTRY) {
        entry = o;
      }
    }
    if (missing <= 0 || entry == null) {
      return fromHistory;
    }
    String executionId =
        s.executionIds().stream()
            .filter(id -> !writtenIds.contains(id))
            .findFirst()
            .orElse("unwritten:" + s.planId() + ":" + s.version());
    BigDecimal price =
        s.entryCost()
            .subtract(writtenCost)
            .divide(BigDecimal.valueOf(missing), MathContext.DECIMAL64);
    if (price.signum() <= 0) {
      price = s.plan().entry() == null ? null : s.plan().entry().price();
    }
    if (price == null || price.signum() <= 0) {
      throw new IllegalStateException(
          "plan " + s.planId() + ": " + missing + " filled entry shares with no price to count");
    }
    LOG.warn(
        "plan {}: {} filled entry shares are not in the stored history (execution {}): counted at"
            + " {} from the replicated state",
        s.planId(),
        missing,
        executionId,
        price);
    Map<String, List<Fill>> out = new HashMap<>(fromHistory);
    List<Fill> onEntry = new ArrayList<>(out.getOrDefault(entry.ref().toString(), List.of()));
    onEntry.add(
        new Fill(
            executionId,
            entry.ref(),
            entry.action(),
            missing,
            price,
            s.commissions().get(executionId),
            clock.instant()));
    out.put(entry.ref().toString(), onEntry);
    return out;
  }

  /** The plan's executions from its history, by printed orderRef, with their commissions. */
  private Map<String, List<Fill>> fillsOf(PlanSnapshot s) {
    Map<String, List<Fill>> byRef = new HashMap<>();
    for (PlanEvent e : store.history(s.planId())) {
      if (e.type() != PlanEvent.Type.FILL) {
        continue;
      }
      OrderRef ref = OrderRef.parse(e.orderRef());
      if (ref == null || e.quantity() == null || e.reason() == null) {
        throw new IllegalStateException("plan " + s.planId() + ": a fill without its order");
      }
      byRef
          .computeIfAbsent(e.orderRef(), r -> new ArrayList<>())
          .add(
              new Fill(
                  e.reason(),
                  ref,
                  e.side(),
                  e.quantity(),
                  e.price(),
                  s.commissions().get(e.reason()),
                  e.time()));
    }
    return byRef;
  }
}
