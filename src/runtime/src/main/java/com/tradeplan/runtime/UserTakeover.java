package com.tradeplan.runtime;

import com.tradeplan.broker.IbBroker;
import com.tradeplan.broker.RiskGate;
import com.tradeplan.cluster.ClusterNode;
import com.tradeplan.cluster.OwnershipListener;
import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.OrderUpdate;
import com.tradeplan.domain.broker.SubmitResult;
import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.order.OrderStatus;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.state.OrderSnapshot;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.engine.LaneEngine;
import com.tradeplan.store.TradeStore;
import com.tradeplan.store.TradeWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts and stops running users on this member: the cluster's {@link OwnershipListener}. A user
 * this member acquires (at start, after another member died or left, or when rebuilt by {@link
 * UserRebuild}) is rebuilt from the newer of its replicated and stored plan state (its risk figures
 * first: {@link RiskFigures}), its orders are registered with the broker and reconciled by orderRef
 * before anything of it is written, and its plans go back into the engine at the head of their
 * lanes; an intent that provably never reached the broker is sent again through the {@link
 * RiskGate}, like every order. A released user's session goes, and nothing of it is sent
 * afterwards. docs/cluster.md ("How the platform uses the cluster") tells it step by step.
 *
 * <p>Every callback runs on the cluster's single ownership thread, one at a time; {@link #takeOver}
 * also runs on the platform's timer (a rebuild). All of them hold {@link LocalUsers#ownershipLock}.
 * A user whose own take-over fails is answered back in the failed set (the cluster gives its lease
 * back and acquires it again), alerted ({@code TAKEOVER_FAILED}) and counted as not monitored; the
 * others of the pass go on.
 *
 * <p>Why one class: a little over 500 lines, because a take-over is one sequence under the
 * ownership lock (newest state, send journal, risk figures, orders, reconcile, engine) whose steps
 * share its collections, and its failures are answered where they happen.
 */
final class UserTakeover implements OwnershipListener {
  private static final Logger LOG = LoggerFactory.getLogger(UserTakeover.class);

  private final TradeStore store;
  private final TradeWriter writer;
  private final LaneEngine engine;

  /** Registers, reconciles and forgets orders; never sends one (that is the gate's). */
  private final IbBroker broker;

  /** The one way an order of a taken-over user leaves, as for every order. */
  private final RiskGate riskGate;

  private final PlanReads plans;
  private final RiskFigures figures;
  private final Alerts alerts;
  private final LocalUsers users;
  private final Supplier<ClusterNode> cluster;

  /** Tests only: runs first in each user's restore; a throw fails that user's take-over. */
  private volatile Consumer<String> beforeRestore = owner -> {};

  // What the take-overs during start did, for the RecoveryReport (guarded by the ownership lock).
  private boolean starting = true;
  private final List<OrderRequest> startCancels = new ArrayList<>();
  private final List<String> startResent = new ArrayList<>();
  private int startRestored;

  /**
   * What the take-overs during start did.
   *
   * @param cancels orders found PENDING_CANCEL, to cancel again once the broker is ready
   * @param resent orderRefs of recorded intents that never reached the broker, sent again
   * @param restored orders registered with the broker as possibly sent
   */
  record AtStart(List<OrderRequest> cancels, List<String> resent, int restored) {}

  /**
   * @param cluster this member's node; null until {@link ClusterNode#start} returned (callbacks may
   *     run before that)
   */
  UserTakeover(
      TradeStore store,
      TradeWriter writer,
      LaneEngine engine,
      IbBroker broker,
      RiskGate riskGate,
      PlanReads plans,
      RiskFigures figures,
      Alerts alerts,
      LocalUsers users,
      Supplier<ClusterNode> cluster) {
    this.store = store;
    this.writer = writer;
    this.engine = engine;
    this.broker = broker;
    this.riskGate = riskGate;
    this.plans = plans;
    this.figures = figures;
    this.alerts = alerts;
    this.users = users;
    this.cluster = cluster;
  }

  /** Tests only: {@code hook} runs first in each user's restore (a throw fails the user). */
  void beforeRestore(Consumer<String> hook) {
    this.beforeRestore = hook;
  }

  @Override
  public void onAcquire(String owner, long epoch, List<PlanSnapshot> state) {
    Set<String> failed = onAcquireAll(List.of(new Acquired(owner, epoch, state)));
    if (!failed.isEmpty()) {
      throw new IllegalStateException("take-over of " + owner + " failed");
    }
  }

  /**
   * Takes the users over; answers those that failed, which the cluster gives back and acquires
   * again at its next pass (every 250 ms) while this member owns their partition. Until one
   * succeeds their plans are watched by no one: never silent, a {@code TAKEOVER_FAILED} alert names
   * each user, the cause and the attempt (at the first failure, then at most every {@value
   * #TAKEOVER_REALERT_MILLIS} ms while it keeps failing), and the health counts it as not monitored
   * ({@link LocalUsers#takeOverFailed}). A store read that fails fails every user of the pass.
   */
  @Override
  public Set<String> onAcquireAll(List<Acquired> acquired) {
    Map<String, List<PlanSnapshot>> replicated = new TreeMap<>();
    acquired.forEach(a -> replicated.put(a.owner(), a.state()));
    Map<String, String> failed;
    synchronized (users.ownershipLock) {
      try {
        failed = takeOver(replicated);
      } catch (RuntimeException e) {
        LOG.error(
            "users {}: take-over failed; the cluster gives them back", replicated.keySet(), e);
        failed = new TreeMap<>();
        for (String owner : replicated.keySet()) {
          failed.put(owner, e.toString());
        }
      }
    }
    failed.forEach(this::alertFailed);
    ClusterNode node = cluster.get();
    for (Acquired a : acquired) {
      if (failed.containsKey(a.owner())) {
        continue;
      }
      LOG.info(
          "{}: user {} runs here now (epoch {}, {} replicated plans)",
          node == null ? "starting member" : node.address(),
          a.owner(),
          a.epoch(),
          a.state().size());
    }
    return failed.keySet();
  }

  /** While a user's take-over keeps failing, it is alerted again at most this often. */
  static final long TAKEOVER_REALERT_MILLIS = UserRebuild.RETRY_MAX_DELAY_MILLIS;

  private void alertFailed(String owner, String cause) {
    int attempt =
        users.takeOverFailed(
            owner, System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(TAKEOVER_REALERT_MILLIS));
    if (attempt == 0) {
      return; // alerted less than TAKEOVER_REALERT_MILLIS ago
    }
    alerts.alert(
        "TAKEOVER_FAILED",
        "user "
            + owner
            + ": take-over failed ("
            + cause
            + "), attempt "
            + attempt
            + "; its plans are NOT monitored on this member: the cluster gives the user back and"
            + " this member takes it again every 250 ms while it owns its partition (alerted again"
            + " every "
            + TAKEOVER_REALERT_MILLIS
            + " ms while it fails)");
  }

  @Override
  public void onRelease(String owner) {
    // maySend is already false for this user: the lane finishes its step (a send asks the
    // guard and HOLDs), then the session goes; the order in flight, if any, reaches the wire
    // before this returns, and nothing queued for the user is written afterwards.
    users.notMonitoring(owner);
    synchronized (users.ownershipLock) {
      engine.removeUser(owner).join();
      broker.awaitSendsInFlight();
      broker.forgetOwner(owner);
      plans.untrack(owner);
      figures.released(owner);
      users.released(owner);
    }
    ClusterNode node = cluster.get();
    LOG.info("{}: user {} released", node == null ? "?" : node.address(), owner);
  }

  /**
   * Newly activated plans of a user run here go into the engine. A plan the engine refuses (its
   * user's session holds {@code UserSession.PLANS_MAX} live plans: two members activated plans of
   * one user at the limit's edge at once) is never left ACTIVE and unwatched: it is ended as
   * CANCELLED with the reason, in the store and the history, and alerted ({@code
   * PLAN_NOT_MONITORED}).
   */
  @Override
  public void onPlansAdded(String owner, List<PlanSnapshot> added) {
    synchronized (users.ownershipLock) {
      for (PlanSnapshot s : added) {
        if (s.status().isTerminal()) {
          continue;
        }
        if (!users.planAddedHere(s.planId(), owner)) {
          continue; // already taken over with the user (acquired after the plan was added)
        }
        writer.adopt(s.planId(), s.version());
        if (s.filledEntryQuantity() > 0) {
          // An adopted plan (shares held at IB), or a live plan handed to the cluster at its start
          // after its user was taken over: its fills count in the user's figures, once.
          figures.adopted(s);
        }
        try {
          engine.addPlan(s).join();
        } catch (CompletionException e) {
          if (!(e.getCause() instanceof IllegalStateException refused)) {
            throw e;
          }
          notWatched(owner, s, refused.getMessage());
          continue;
        }
        plans.track(s);
      }
    }
  }

  /** The start of the end reason of a plan the engine refused to watch. */
  static final String NOT_WATCHED = "not watched: ";

  /** Whether {@code s} is a plan ended because the engine refused to watch it. */
  static boolean wasRefusedByEngine(PlanSnapshot s) {
    return s.status().isTerminal()
        && s.endReason() != null
        && s.endReason().startsWith(NOT_WATCHED);
  }

  /**
   * Ends a plan the engine refused: CANCELLED (nothing was sent for it) with the engine's reason,
   * written directly (the engine never held it, so no lane writes it), remembered for reads, and an
   * operator alert.
   */
  private void notWatched(String owner, PlanSnapshot s, String engineReason) {
    users.planRemovedHere(s.planId());
    PlanSnapshot ended =
        s.withStatus(s.status().moveTo(PlanStatus.CANCELLED))
            .withEndReason(NOT_WATCHED + engineReason)
            .withVersion(s.version() + 1);
    alerts.alert(
        "PLAN_NOT_MONITORED",
        "plan " + s.planId() + " of " + owner + " refused by the engine (" + engineReason + ")");
    try {
      if (store.update(ended, s.version()).updated()) {
        store.appendEvents(
            owner,
            s.planId(),
            store.nextSeq(s.planId()),
            ended.version(),
            List.of(
                PlanEvent.status(
                    s.planId(), -1, Instant.now(), ended.status(), null, ended.endReason())));
      }
    } catch (RuntimeException e) {
      LOG.error("plan {}: ending the refused plan in the store failed", s.planId(), e);
    }
    plans.remember(ended);
  }

  /**
   * Ends the start: returns what the take-overs during start did; from now on a take-over cancels
   * its PENDING_CANCEL orders again itself.
   */
  AtStart endStart() {
    synchronized (users.ownershipLock) {
      AtStart done =
          new AtStart(List.copyOf(startCancels), List.copyOf(startResent), startRestored);
      startCancels.clear();
      starting = false;
      return done;
    }
  }

  /**
   * Rebuilds users on this member (one acquire pass, or the users being rebuilt). For each plan the
   * newer of the replicated snapshot and the store's document (by version) is taken; its orders are
   * registered with the broker as possibly sent (or, provably never sent, queued again under their
   * orderRef); the broker reconciles again (every client's orders and executions, by orderRef)
   * before it writes anything queued; then the plans go back into the engine, at the head of their
   * lane's inbox. The store is read twice for all the users together (their plans, their send
   * journal): after a member's death this runs for all its users here at once. Returns the users
   * that could not be taken over, each with why (the caller alerts and retries them); a failure to
   * read the store throws. The caller holds {@link LocalUsers#ownershipLock}.
   */
  Map<String, String> takeOver(Map<String, List<PlanSnapshot>> replicatedByOwner) {
    long began = System.nanoTime();
    Newest newest = newest(replicatedByOwner);
    // One read of the send journal for all the users' plans (a take-over is on the clock).
    Map<String, Map<String, Long>> journal = store.brokerOrderIds(newest.running());
    // The risk figures before the plans go into the engine: their first entry is checked on them.
    figures.rebuild(newest.byOwner(), journal);
    Map<String, String> failed = new TreeMap<>();
    List<OrderRequest> unsent = new ArrayList<>();
    Map<String, Restored> restored = new TreeMap<>();
    int registered = 0;
    for (Map.Entry<String, Map<String, PlanSnapshot>> e : newest.byOwner().entrySet()) {
      String owner = e.getKey();
      try {
        Restored r = restore(owner, e.getValue().values(), newest.storedVersions(), journal);
        registered += r.registered();
        unsent.addAll(r.unsent());
        restored.put(owner, r);
      } catch (RuntimeException ex) {
        LOG.error("user {}: take-over failed; retried", owner, ex);
        failed.put(owner, ex.toString());
      }
    }
    // Reconcile before anything of these users is written: queued orders wait for it. Users whose
    // plans have no order yet (a new user's first plan, in a single process the common case) have
    // nothing at the broker: every order is replicated and recorded before it is sent.
    if (registered > 0 || !unsent.isEmpty()) {
      broker.reconcileNow();
    }
    sendUnsent(unsent);
    if (starting) {
      // Start: counted in the RecoveryReport; cancels go out once the broker is ready.
      startRestored += registered;
      unsent.forEach(r -> startResent.add(r.ref().toString()));
      restored.values().forEach(r -> startCancels.addAll(r.cancelAgain()));
    }
    boolean cancelNow = !starting;
    restored.forEach((owner, r) -> whenInEngine(owner, r, cancelNow, began));
    return failed;
  }

  /**
   * The newest state of the users' plans.
   *
   * @param byOwner per owner, per plan id, the newer of the replicated and the stored snapshot
   * @param storedVersions per plan, the version the store holds (the replicated one when the store
   *     has none)
   * @param running the plans of {@code byOwner} that have not ended
   */
  private record Newest(
      Map<String, Map<String, PlanSnapshot>> byOwner,
      Map<String, Long> storedVersions,
      List<String> running) {}

  private Newest newest(Map<String, List<PlanSnapshot>> replicatedByOwner) {
    Map<String, Map<String, PlanSnapshot>> newestByOwner = new TreeMap<>();
    Map<String, Long> storedVersions = new HashMap<>();
    for (String owner : replicatedByOwner.keySet()) {
      newestByOwner.put(owner, new TreeMap<>());
    }
    for (PlanSnapshot s :
        store.findByOwners(replicatedByOwner.keySet(), TradeStore.MONITORED).plans()) {
      newestByOwner.get(s.plan().owner()).put(s.planId(), s);
      storedVersions.put(s.planId(), s.version());
    }
    List<String> running = new ArrayList<>();
    replicatedByOwner.forEach(
        (owner, replicated) -> {
          Map<String, PlanSnapshot> newest = newestByOwner.get(owner);
          for (PlanSnapshot r : replicated) {
            PlanSnapshot stored = newest.get(r.planId());
            if (stored == null) {
              storedVersions.put(r.planId(), store.storedVersion(r.planId()).orElse(r.version()));
            }
            if (stored == null || r.version() > stored.version()) {
              newest.put(r.planId(), r);
            }
          }
          newest.values().stream()
              .filter(s -> !s.status().isTerminal())
              .forEach(s -> running.add(s.planId()));
        });
    return new Newest(newestByOwner, storedVersions, running);
  }

  /**
   * One user restored: its running plans, on their way into the engine ({@code inEngine}), how many
   * of their orders were registered with the broker, the intents that never reached it, and the
   * orders to cancel again.
   */
  private record Restored(
      List<PlanSnapshot> plans,
      CompletableFuture<Void> inEngine,
      int registered,
      List<OrderRequest> unsent,
      List<OrderRequest> cancelAgain) {}

  private Restored restore(
      String owner,
      Iterable<PlanSnapshot> newest,
      Map<String, Long> storedVersions,
      Map<String, Map<String, Long>> journal) {
    beforeRestore.accept(owner);
    List<PlanSnapshot> running = new ArrayList<>();
    for (PlanSnapshot s : newest) {
      long stored = storedVersions.getOrDefault(s.planId(), s.version());
      if (s.status().isTerminal()) {
        if (s.version() > stored) {
          // The plan ended on the previous member, which died before its store write: the
          // final state (fills, P&L, status) is only in the replicated copy. Written now.
          writer.adopt(s.planId(), stored);
          writer.submit(s, List.of());
        }
        continue;
      }
      users.planRunsHere(s.planId(), owner);
      writer.adopt(s.planId(), Math.min(stored, s.version()));
      if (s.version() > stored) {
        // The replicated state is ahead of the store (a write the old member had not flushed).
        writer.submit(s, List.of());
      }
      plans.track(s);
      running.add(s);
    }
    // Into the engine before the broker tracks their orders again: from then on a report of
    // one of them (live, or from the reconcile) must find its plan — a report for a plan the
    // engine does not know is an alert, and lost.
    CompletableFuture<Void> inEngine = engine.restorePlans(running);
    List<OrderRequest> unsent = new ArrayList<>();
    List<OrderRequest> cancels = new ArrayList<>();
    int registered = 0;
    for (PlanSnapshot s : running) {
      registered += restoreOrders(s, journal.getOrDefault(s.planId(), Map.of()), unsent, cancels);
    }
    return new Restored(running, inEngine, registered, unsent, cancels);
  }

  /**
   * Registers a resumed plan's orders with the broker, the one place that decides which recorded
   * orders may have reached it: an order still CREATED with no journaled broker id was provably
   * never written (it goes to {@code unsent}, to be sent under its recorded orderRef after the
   * reconcile); every other one is restored as possibly sent, and one being cancelled is cancelled
   * again (to {@code cancelAgain}). Returns how many were restored.
   */
  private int restoreOrders(
      PlanSnapshot s,
      Map<String, Long> journaled,
      List<OrderRequest> unsent,
      List<OrderRequest> cancelAgain) {
    int restored = 0;
    for (OrderSnapshot o : s.orders()) {
      OrderRequest request = requestOf(s, o);
      if (neverSent(o, journaled)) {
        unsent.add(request);
      } else {
        broker.restoreSentOrder(request, o.status());
        restored++;
        if (o.status() == OrderStatus.PENDING_CANCEL) {
          cancelAgain.add(request);
        }
      }
    }
    return restored;
  }

  /** The order {@code o} of the plan {@code s} as it is (or was) sent. */
  static OrderRequest requestOf(PlanSnapshot s, OrderSnapshot o) {
    return OrderRequest.ofPlan(s.plan(), o.ref(), o.action(), o.quantity(), o.rule())
        .withAccount(s.account());
  }

  /** Provably never written to the broker: still CREATED, and no broker id journaled for it. */
  static boolean neverSent(OrderSnapshot o, Map<String, Long> journaled) {
    return o.status() == OrderStatus.CREATED && !journaled.containsKey(o.ref().toString());
  }

  /**
   * Sends the intents that never reached the broker, under their recorded orderRef, after the
   * reconcile. They go through the same {@link RiskGate} as every order the engine decides (kill
   * switch, largest order, rate per owner: nothing reaches the broker around it), and a refusal
   * reaches the plan as the same local denial (DENIED) the engine makes of a first send the gate
   * denies.
   */
  private void sendUnsent(List<OrderRequest> unsent) {
    for (OrderRequest r : unsent) {
      SubmitResult result = riskGate.submit(r);
      if (result.code() == SubmitResult.Code.DENIED) {
        LOG.warn("order {} was recorded but never sent: denied now ({})", r.ref(), result.reason());
        engine.onOrderUpdate(OrderUpdate.denied(r.ref(), result.reason()));
      } else {
        LOG.warn("order {} was recorded but never sent: sent now", r.ref());
      }
    }
  }

  /**
   * Not joined: the ownership thread goes on with the next users. The plans went to the head of the
   * lane's inbox; once they are in, the user counts as monitored here (and, after the start, its
   * PENDING_CANCEL orders are cancelled again); the barrier behind them says when the lane has also
   * run what was queued before (the backlog of the other users' ticks and reports).
   */
  private void whenInEngine(String owner, Restored r, boolean cancelNow, long began) {
    users.takenOver(owner);
    List<OrderRequest> cancels = cancelNow ? r.cancelAgain() : List.of();
    r.inEngine()
        .whenComplete(
            (done, failure) -> {
              if (failure != null) {
                alerts.alert(
                    "TAKEOVER_FAILED",
                    "user " + owner + ": plans not added to the engine: " + failure);
                return;
              }
              if (cluster.get().epochOf(owner) != null) {
                users.monitoring(owner);
                LOG.info(
                    "user {}: {} plans monitored again {} ms after the take-over began",
                    owner,
                    r.plans().size(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
              }
              for (OrderRequest c : cancels) {
                riskGate.cancel(c.ref());
              }
            });
    engine
        .barrier(owner)
        .thenRun(
            () -> {
              if (cluster.get().epochOf(owner) != null && users.isMonitoring(owner)) {
                users.caughtUp(owner);
                LOG.info(
                    "user {}: lane caught up {} ms after the take-over began",
                    owner,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
              }
            });
  }
}
