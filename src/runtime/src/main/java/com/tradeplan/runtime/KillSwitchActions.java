package com.tradeplan.runtime;

import com.tradeplan.broker.IbBroker;
import com.tradeplan.broker.KillScope;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.engine.LaneEngine;
import com.tradeplan.engine.facts.TraderCommand;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What pressing a kill switch does on this member beyond refusing entries: cancel the working
 * entries in scope and, when asked, flatten the open positions in scope (docs/kill-switch.md).
 *
 * <ul>
 *   <li><b>Global, pressed here</b>: IB's {@code reqGlobalCancel}, one message for the whole
 *       platform, ahead of everything queued ({@link IbBroker#cancelAllWorking}); IB cancels every
 *       working order of the login's accounts, exits included, which the engine sends again.
 *   <li><b>Otherwise</b> (an account or a user, or a global switch another member took): a cancel
 *       for each working entry in scope that this member's connection tracks, paced with every
 *       message ({@link IbBroker#cancelWorkingEntries}).
 *   <li><b>Flatten</b>: a FLATTEN trader command to every live plan in scope that this member's
 *       engine runs, so the engine's aggressive retry (70-exit-orders.drl) keeps trying until flat.
 *       A plan's account is that of its entry order. The command names who engaged the switch and
 *       why ({@link KillSwitch.Engagement#flattenReason}): the plan's history records it as the
 *       flatten's action, so a trader sees which switch (and which loss limit, its value and the
 *       figure) closed the trade.
 * </ul>
 *
 * <p>Runs on the caller's thread (a request, or the timer for a switch another member took); only
 * queues work (cancels, engine commands) and never waits for the broker or the engine. A command
 * the engine answers with a failure is logged; the switch still refuses entries.
 */
final class KillSwitchActions implements KillSwitch.Actions {
  private static final Logger LOG = LoggerFactory.getLogger(KillSwitchActions.class);

  private final IbBroker broker;
  private final String defaultAccount;
  private final Supplier<LaneEngine> engine;
  private final PlanReads reads;

  /**
   * @param defaultAccount the account of an order that names none (the connection's)
   * @param engine the engine, once built (the switch exists before it: the engine's lanes use it)
   */
  KillSwitchActions(
      IbBroker broker, String defaultAccount, Supplier<LaneEngine> engine, PlanReads reads) {
    this.broker = broker;
    this.defaultAccount = defaultAccount;
    this.engine = engine;
    this.reads = reads;
  }

  @Override
  public void cancelEntries(KillScope scope, boolean pressedHere) {
    if (scope.kind() == KillScope.Kind.GLOBAL && pressedHere) {
      if (!broker.cancelAllWorking()) {
        LOG.error(
            "kill switch: the global cancel found the outbound queue full; cancelling one by one");
        broker.cancelWorkingEntries(r -> true);
      }
      return;
    }
    int cancels = broker.cancelWorkingEntries(r -> scope.covers(r, defaultAccount));
    LOG.warn("kill switch of {}: {} working entries cancelled here", scope, cancels);
  }

  @Override
  public void flatten(KillSwitch.Engagement engagement) {
    KillScope scope = engagement.scope();
    String why = engagement.flattenReason();
    String who = engagement.actor() == null ? "kill switch" : engagement.actor();
    Set<String> ofAccount =
        scope.kind() == KillScope.Kind.ACCOUNT
            ? broker.plansWithEntries(r -> scope.covers(r, defaultAccount))
            : Set.of();
    int sent = 0;
    for (PlanSnapshot s : reads.monitoredPlans().values()) {
      if (!s.status().isLive() || !inScope(scope, s, ofAccount)) {
        continue;
      }
      String owner = s.plan().owner();
      engine
          .get()
          .command(owner, TraderCommand.flattenBy(s.planId(), who, why))
          .whenComplete(
              (step, failure) -> {
                if (failure != null) {
                  LOG.error("kill switch: flatten of plan {} failed", s.planId(), failure);
                } else if (!step.refused().isEmpty()) {
                  LOG.warn(
                      "kill switch: flatten of plan {} refused: {}",
                      s.planId(),
                      step.refused().get(0).reason());
                }
              });
      sent++;
    }
    LOG.warn("kill switch of {}: flatten sent to {} live plans here", scope, sent);
  }

  private static boolean inScope(KillScope scope, PlanSnapshot s, Set<String> ofAccount) {
    return switch (scope.kind()) {
      case GLOBAL -> true;
      case USER -> scope.key().equals(s.plan().owner());
      case ACCOUNT -> ofAccount.contains(s.planId());
    };
  }
}
