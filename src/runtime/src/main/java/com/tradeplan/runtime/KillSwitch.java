package com.tradeplan.runtime;

import com.tradeplan.broker.KillScope;
import com.tradeplan.broker.RiskGate;
import com.tradeplan.store.KillSwitchRecords;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kill switches of this platform: the one place that decides when new entries stop, in which
 * scope ({@link KillScope}: global, an account, a user), for which reasons ({@link KillReason}),
 * and when they may go again. The flags themselves live in the {@link RiskGate}, which reads them
 * on every order and refuses an entry in an engaged scope as {@code DENIED} naming the switch and
 * its reasons; exits and cancels always pass. Nothing else in the runtime engages or releases them.
 *
 * <p>Each scope holds a set of reasons, and each reason is released by its own rule
 * (docs/kill-switch.md):
 *
 * <ul>
 *   <li><b>a person or a trigger</b> ({@link #engage}, {@link #release}): stored in {@link
 *       KillSwitchRecords} before this returns (when the store answers), so it survives a restart,
 *       and read back by every member on its one-second timer ({@link #syncFromStore}): the bound
 *       on the delay before another member's RiskGate refuses. Engaging also cancels the working
 *       entries in scope and optionally flattens ({@link Actions}); released only by {@link
 *       #release} for that reason.
 *   <li><b>the store write queue</b> (global, this member only, never stored): an engine lane that
 *       cannot hand a step's write to the store writer engages it and waits (back-pressure, nothing
 *       is dropped). It is released only when <em>no</em> lane waits any more <em>and</em> the
 *       writer has drained its queue to at most {@link #DRAINED_FRACTION} of its capacity ({@link
 *       #reassess}, on a lane's write taken and on the platform's timer).
 * </ul>
 *
 * <p>Thread-safe: {@link #storeQueueFull} and {@link #storeQueueAccepted} are called on lane
 * threads, {@link #reassess} and {@link #syncFromStore} on lane threads and the platform's timer,
 * the others on request threads. The state changes under one lock, and the RiskGate's flags with
 * it; the store and the actions run outside it. Nothing here throws for a store that does not
 * answer: the switch is engaged (or released) here at once, the outcome says it is not stored, and
 * the write is retried by the next {@link #syncFromStore}.
 */
public final class KillSwitch {
  private static final Logger LOG = LoggerFactory.getLogger(KillSwitch.class);

  /** The reason the RiskGate names in every refusal while the store queue holds the switch. */
  static final String STORE_QUEUE_FULL = KillReason.STORE_QUEUE_FULL.words();

  /**
   * The store's share of the switch is released once the writer's queue holds at most this fraction
   * of its capacity (and no lane waits): room for a burst of writes before it is full again.
   */
  static final double DRAINED_FRACTION = 0.5;

  /** The most scopes engaged at once; one more is refused ({@link Result#TOO_MANY}). */
  public static final int MAX_SCOPES = KillSwitchRecords.MAX_READ;

  /**
   * What pressing a switch does beyond refusing entries. Called outside the switch's lock, on the
   * caller's thread (a request, or the timer for a switch read from the store); must not throw and
   * must not wait for the broker.
   */
  public interface Actions {
    /**
     * Cancels the working entries in {@code scope}; {@code pressedHere}: this member took the press
     * (a global one then asks IB to cancel everything, once for the whole platform).
     */
    void cancelEntries(KillScope scope, boolean pressedHere);

    /**
     * Flattens every open position in the scope of {@code engagement} that runs on this member,
     * each flatten naming the engagement ({@link Engagement#flattenReason}) in its plan's history.
     */
    void flatten(Engagement engagement);

    Actions NONE =
        new Actions() {
          @Override
          public void cancelEntries(KillScope scope, boolean pressedHere) {}

          @Override
          public void flatten(Engagement engagement) {}
        };
  }

  /**
   * One reason holding one scope.
   *
   * @param detail the words of whoever engaged it (may be null)
   * @param actor the user or trigger that engaged it
   * @param flatten whether engaging it flattened the open positions in scope
   */
  public record Engagement(
      KillScope scope,
      KillReason reason,
      String detail,
      String actor,
      Instant since,
      boolean flatten) {
    /** How the refusal names it. */
    String words() {
      if (reason == KillReason.OPERATOR) {
        return detail == null || detail.isBlank() ? "engaged by an operator" : detail;
      }
      return detail == null || detail.isBlank() ? reason.words() : reason.words() + ": " + detail;
    }

    /**
     * Why a plan it flattens was flattened, as the plan's history says it after the actor: the
     * scope and the words an entry's refusal names, e.g. {@code kill switch engaged for user:alice
     * (daily loss limit reached: realized P&L of the day -212 reached the daily loss limit of
     * 100)}.
     */
    public String flattenReason() {
      return scope.kind() == KillScope.Kind.GLOBAL
          ? "kill switch engaged (" + words() + ")"
          : "kill switch engaged for " + scope + " (" + words() + ")";
    }
  }

  /** What {@link #engage} or {@link #release} did. */
  public enum Result {
    ENGAGED,
    RELEASED,
    /** A release of a reason that did not hold the scope: nothing changed. */
    NOT_ENGAGED,
    /** {@link #MAX_SCOPES} scopes are engaged already: nothing changed. */
    TOO_MANY
  }

  /**
   * @param stored false when the store did not take it: the switch changed on this member only, and
   *     the write is retried every second until the store takes it
   */
  public record Outcome(Result result, boolean stored) {}

  private final RiskGate gate;
  private final IntSupplier storeQueueDepth;
  private final int drainedDepth;
  private final KillSwitchRecords records;
  private final Actions actions;
  private final Clock clock;

  // Guarded by this.
  private final Map<KillScope, Map<KillReason, Engagement>> engaged = new LinkedHashMap<>();

  /** Stored reasons changed here whose write the store has not taken yet (null: a release). */
  private final Map<String, Engagement> unstored = new LinkedHashMap<>();

  private int lanesWaiting;
  private Instant storeHeldSince;

  /** Serializes the store's writes and reads of this member, never held with {@code this}. */
  private final Object storeLock = new Object();

  /** A switch of this member alone (no store, no actions): tests of the store queue rule. */
  KillSwitch(RiskGate gate, IntSupplier storeQueueDepth, int storeQueueCapacity) {
    this(gate, storeQueueDepth, storeQueueCapacity, null, Actions.NONE, Clock.systemUTC());
  }

  /**
   * @param storeQueueDepth the store writer's writes accepted and not yet durable
   * @param storeQueueCapacity the most the writer accepts before a submit waits
   * @param records where engaged switches are kept; null: this member only (tests)
   */
  KillSwitch(
      RiskGate gate,
      IntSupplier storeQueueDepth,
      int storeQueueCapacity,
      KillSwitchRecords records,
      Actions actions,
      Clock clock) {
    this.gate = gate;
    this.storeQueueDepth = storeQueueDepth;
    this.drainedDepth = (int) Math.floor(storeQueueCapacity * DRAINED_FRACTION);
    this.records = records;
    this.actions = actions;
    this.clock = clock;
  }

  /** Stops every new entry until an operator calls {@link #release()}; the refusals name it. */
  public void engage(String reason) {
    engage(KillScope.GLOBAL, KillReason.OPERATOR, reason, "operator", false);
  }

  /**
   * An operator releases what an operator engaged globally. Entries go again only if no other
   * reason holds the global switch (the store queue: then it stays engaged until it drained).
   */
  public void release() {
    release(KillScope.GLOBAL, KillReason.OPERATOR);
  }

  /**
   * Engages {@code scope} for {@code reason}, at once on this member: the RiskGate refuses its
   * entries before this returns, its working entries are cancelled (the cancels queued), and with
   * {@code flatten} a flatten is sent to every live plan in it that runs here. Then it is stored
   * (other members apply it within their next timer tick). Engaging a held reason again replaces
   * its words, and flattens again when asked to.
   */
  public Outcome engage(
      KillScope scope, KillReason reason, String detail, String actor, boolean flatten) {
    if (reason == KillReason.STORE_QUEUE_FULL) {
      throw new IllegalArgumentException("the store queue's share is the store writer's own");
    }
    // Milliseconds: what the store keeps, so that a member knows its own press when it reads it.
    Instant since = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Engagement e = new Engagement(scope, reason, detail, actor, since, flatten);
    synchronized (this) {
      if (!engaged.containsKey(scope) && engaged.size() >= MAX_SCOPES) {
        LOG.error("kill switch of {} refused: {} scopes are engaged already", scope, MAX_SCOPES);
        return new Outcome(Result.TOO_MANY, true);
      }
      engaged.computeIfAbsent(scope, s -> new EnumMap<>(KillReason.class)).put(reason, e);
      if (reason.stored()) {
        unstored.put(id(scope, reason), e);
      }
      apply(scope);
    }
    LOG.warn("kill switch engaged for {} ({}) by {}", scope, e.words(), actor);
    actions.cancelEntries(scope, true);
    if (flatten) {
      actions.flatten(e);
    }
    return new Outcome(Result.ENGAGED, !reason.stored() || writeUnstored());
  }

  /**
   * Releases {@code reason}'s hold on {@code scope} here at once, and in the store. Entries in the
   * scope go again only when no other reason holds it.
   */
  public Outcome release(KillScope scope, KillReason reason) {
    if (reason == KillReason.STORE_QUEUE_FULL) {
      throw new IllegalArgumentException("the store queue's share is released by the writer only");
    }
    synchronized (this) {
      Map<KillReason, Engagement> held = engaged.get(scope);
      if (held == null || held.remove(reason) == null) {
        return new Outcome(Result.NOT_ENGAGED, true);
      }
      if (held.isEmpty()) {
        engaged.remove(scope);
      }
      if (reason.stored()) {
        unstored.put(id(scope, reason), null);
      }
      apply(scope);
    }
    LOG.warn("kill switch of {} released for {}", scope, reason.words());
    return new Outcome(Result.RELEASED, !reason.stored() || writeUnstored());
  }

  /** Whether the global switch is engaged (for any reason). */
  public boolean engaged() {
    return gate.killSwitchEngaged();
  }

  /** Whether an operator engaged the global switch (and has not released it). */
  public synchronized boolean engagedByOperator() {
    Map<KillReason, Engagement> held = engaged.get(KillScope.GLOBAL);
    return held != null && held.containsKey(KillReason.OPERATOR);
  }

  /** Whether the store write queue holds the switch (a lane waits, or the queue did not drain). */
  public synchronized boolean heldByStore() {
    return storeHeldSince != null;
  }

  /** Every reason holding a scope now, by scope as engaged, the store queue's included. */
  public synchronized List<Engagement> engagements() {
    List<Engagement> all = new ArrayList<>();
    engaged.values().forEach(held -> all.addAll(held.values()));
    return all;
  }

  /** A lane could not hand a write to the store writer: no new entry until the store drained. */
  synchronized void storeQueueFull() {
    lanesWaiting++;
    if (storeHeldSince == null) {
      LOG.error("store write queue full: new entries stopped until the writer drains");
      storeHeldSince = clock.instant();
      engaged
          .computeIfAbsent(KillScope.GLOBAL, s -> new EnumMap<>(KillReason.class))
          .put(
              KillReason.STORE_QUEUE_FULL,
              new Engagement(
                  KillScope.GLOBAL,
                  KillReason.STORE_QUEUE_FULL,
                  null,
                  "store writer",
                  storeHeldSince,
                  false));
      apply(KillScope.GLOBAL);
    }
  }

  /**
   * The writer took the write a lane waited with. The switch stays engaged while another lane waits
   * or the queue has not drained ({@link #reassess}).
   */
  synchronized void storeQueueAccepted() {
    if (lanesWaiting > 0) {
      lanesWaiting--;
    }
    reassess();
  }

  /**
   * Releases the store's share of the switch when no lane waits and the writer's queue holds at
   * most {@link #DRAINED_FRACTION} of its capacity; the other reasons stay.
   */
  synchronized void reassess() {
    if (storeHeldSince != null && lanesWaiting == 0 && storeQueueDepth.getAsInt() <= drainedDepth) {
      storeHeldSince = null;
      LOG.warn("store write queue drained: the store no longer holds the kill switch");
      Map<KillReason, Engagement> held = engaged.get(KillScope.GLOBAL);
      held.remove(KillReason.STORE_QUEUE_FULL);
      if (held.isEmpty()) {
        engaged.remove(KillScope.GLOBAL);
      }
      apply(KillScope.GLOBAL);
    }
  }

  /**
   * Makes this member's switches the stored ones (the platform's timer, every second, and once at
   * start with {@code act} false): first writes what this member changed and the store did not take
   * yet, then reads every stored switch. One stored and not held here is engaged, with its actions
   * when {@code act} (its working entries here cancelled, its flatten sent to the plans running
   * here); one held here and no longer stored was released on another member. A store that does not
   * answer changes nothing here (logged; tried again on the next call).
   */
  void syncFromStore(boolean act) {
    if (records == null) {
      return;
    }
    List<Engagement> added = new ArrayList<>();
    synchronized (storeLock) {
      List<KillSwitchRecords.Stored> stored;
      try {
        writeUnstoredLocked();
        stored = records.all();
      } catch (RuntimeException e) {
        LOG.warn(
            "kill switches not read from the store; tried again in a second: {}", e.toString());
        return;
      }
      Map<String, Engagement> found = new HashMap<>();
      for (KillSwitchRecords.Stored s : stored) {
        Engagement e = fromStored(s);
        if (e != null) {
          found.put(id(e.scope(), e.reason()), e);
        }
      }
      synchronized (this) {
        adoptLocked(found, added);
      }
    }
    for (Engagement e : added) {
      LOG.warn("kill switch of {} read from the store ({})", e.scope(), e.words());
      if (act) {
        actions.cancelEntries(e.scope(), false);
        if (e.flatten()) {
          actions.flatten(e);
        }
      }
    }
  }

  /** Applies the stored switches {@code found} here; those newly held go to {@code added}. */
  private void adoptLocked(Map<String, Engagement> found, List<Engagement> added) {
    for (Engagement e : found.values()) {
      if (unstored.containsKey(id(e.scope(), e.reason()))) {
        continue; // changed here meanwhile: this member's word goes to the store next
      }
      Map<KillReason, Engagement> held = engaged.get(e.scope());
      Engagement had = held == null ? null : held.get(e.reason());
      // Another since: pressed again on another member (new words, maybe a flatten): acted on.
      if (had == null || !had.since().equals(e.since())) {
        if (held == null && engaged.size() >= MAX_SCOPES) {
          LOG.error(
              "stored kill switch of {} not applied: {} scopes engaged", e.scope(), MAX_SCOPES);
          continue;
        }
        engaged.computeIfAbsent(e.scope(), s -> new EnumMap<>(KillReason.class)).put(e.reason(), e);
        added.add(e);
        apply(e.scope());
      }
    }
    for (KillScope scope : List.copyOf(engaged.keySet())) {
      Map<KillReason, Engagement> held = engaged.get(scope);
      boolean changed =
          held.keySet()
              .removeIf(
                  r ->
                      r.stored()
                          && !unstored.containsKey(id(scope, r))
                          && !found.containsKey(id(scope, r)));
      if (changed) {
        LOG.warn("kill switch of {} released on another member", scope);
        if (held.isEmpty()) {
          engaged.remove(scope);
        }
        apply(scope);
      }
    }
  }

  /** Writes what the store has not taken yet; false when it still has not. */
  private boolean writeUnstored() {
    if (records == null) {
      synchronized (this) {
        unstored.clear();
      }
      return true;
    }
    synchronized (storeLock) {
      try {
        writeUnstoredLocked();
        return true;
      } catch (RuntimeException e) {
        LOG.error("kill switch changed on this member only, the store did not take it", e);
        return false;
      }
    }
  }

  /** Caller holds storeLock; throws when the store does not take a write (the rest stay). */
  private void writeUnstoredLocked() {
    Map<String, Engagement> todo;
    synchronized (this) {
      todo = new LinkedHashMap<>(unstored);
    }
    for (Map.Entry<String, Engagement> w : todo.entrySet()) {
      Engagement e = w.getValue();
      String[] scopeAndReason = w.getKey().split("\\|", 2);
      if (e == null) {
        records.remove(scopeAndReason[0], scopeAndReason[1]);
      } else {
        records.put(
            new KillSwitchRecords.Stored(
                e.scope().toString(),
                e.reason().name(),
                e.detail(),
                e.actor(),
                e.since(),
                e.flatten()));
      }
      synchronized (this) {
        if (unstored.get(w.getKey()) == e) {
          unstored.remove(w.getKey());
        }
      }
    }
  }

  /** A stored switch, or null (logged) for a document this version does not read. */
  private static Engagement fromStored(KillSwitchRecords.Stored s) {
    KillReason reason;
    try {
      reason = KillReason.valueOf(s.reason());
    } catch (IllegalArgumentException e) {
      LOG.error(
          "stored kill switch of {} has an unknown reason {}: ignored", s.scope(), s.reason());
      return null;
    }
    return KillScope.parse(s.scope())
        .map(scope -> new Engagement(scope, reason, s.detail(), s.actor(), s.since(), s.flatten()))
        .orElseGet(
            () -> {
              LOG.error("stored kill switch has an unreadable scope {}: ignored", s.scope());
              return null;
            });
  }

  private static String id(KillScope scope, KillReason reason) {
    return scope + "|" + reason.name();
  }

  /** Sets the RiskGate's flag of {@code scope} from the reasons that hold it now (lock held). */
  private void apply(KillScope scope) {
    Map<KillReason, Engagement> held = engaged.get(scope);
    if (held == null || held.isEmpty()) {
      gate.releaseKillSwitch(scope);
      return;
    }
    StringJoiner words = new StringJoiner("; ");
    held.values().forEach(e -> words.add(e.words()));
    gate.engageKillSwitch(scope, words.toString());
  }
}
