package com.tradeplan.runtime;

import com.tradeplan.domain.plan.ExitChangeDraft;
import com.tradeplan.domain.plan.FieldError;
import com.tradeplan.domain.plan.PlanDraft;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.Side;
import com.tradeplan.engine.facts.TraderCommand;
import com.tradeplan.store.PlanOrder;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link TradingService}: one front for the three parts of the trader's side. Commands go to
 * {@link DraftPlans} (create) and {@link PlanCommands} (activate, edit, cancel, flatten), reads to
 * {@link PlanReads}, live updates to the {@link LiveHub}; the engine's steps are persisted by
 * {@link StepPersistence}, which is not part of this front. It decides nothing itself.
 *
 * <p>Called on request threads, concurrently; each method says in {@link TradingService} what it
 * answers. A read throws when the store is unreachable; a command answers {@code Unavailable}.
 */
final class TradingServiceImpl implements TradingService {
  private final DraftPlans drafts;
  private final PlanCommands commands;
  private final PlanReads reads;
  private final MarketData marketData;
  private final LiveHub live;

  TradingServiceImpl(
      DraftPlans drafts,
      PlanCommands commands,
      PlanReads reads,
      MarketData marketData,
      LiveHub live) {
    this.drafts = drafts;
    this.commands = commands;
    this.reads = reads;
    this.marketData = marketData;
    this.live = live;
  }

  @Override
  public List<FieldError> validate(String owner, PlanDraft draft) {
    return drafts.validate(owner, draft);
  }

  @Override
  public CommandResult<PlanView> createDraft(String owner, PlanDraft draft) {
    return drafts.create(owner, draft);
  }

  @Override
  public CommandResult<PlanView> update(
      String owner, String planId, PlanDraft draft, long expectedVersion) {
    return commands.update(owner, planId, draft, expectedVersion);
  }

  @Override
  public CommandResult<PlanView> activate(String owner, String planId) {
    return commands.activate(owner, planId);
  }

  @Override
  public CommandResult<PlanView> cancel(String owner, String planId) {
    return commands.command(owner, planId, TraderCommand.Type.CANCEL);
  }

  @Override
  public CommandResult<PlanView> changeExits(
      String owner, String planId, ExitChangeDraft draft, long expectedVersion) {
    return commands.changeExits(owner, planId, draft, expectedVersion);
  }

  @Override
  public CommandResult<PlanView> flatten(String owner, String planId) {
    return commands.command(owner, planId, TraderCommand.Type.FLATTEN);
  }

  @Override
  public Optional<PlanView> get(String owner, String planId) {
    return reads.get(owner, planId);
  }

  @Override
  public PlanPage page(
      String owner, Set<PlanStatus> statuses, String symbol, String afterPlanId, int limit) {
    return reads.page(owner, statuses, symbol, null, PlanOrder.BY_ID, afterPlanId, limit);
  }

  @Override
  public PlanPage page(
      String owner,
      Set<PlanStatus> statuses,
      String symbol,
      Side side,
      String afterPlanId,
      int limit) {
    return reads.page(owner, statuses, symbol, side, PlanOrder.BY_ID, afterPlanId, limit);
  }

  @Override
  public PlanPage page(
      String owner,
      Set<PlanStatus> statuses,
      String symbol,
      Side side,
      PlanOrder order,
      String after,
      int limit) {
    return reads.page(owner, statuses, symbol, side, order, after, limit);
  }

  @Override
  public PlanPage changedSince(String owner, Instant since, String afterPlanId, int limit) {
    return reads.changedSince(owner, since, afterPlanId, limit);
  }

  @Override
  public List<PlanView> openPlans(String owner) {
    return reads.openPlans(owner);
  }

  @Override
  public List<PlanLevelTrail.Point> levelTrail(String owner, String planId) {
    return reads.get(owner, planId).isPresent() ? live.levels().trail(planId) : List.of();
  }

  @Override
  public List<HistoryEntry> history(String owner, String planId) {
    return reads.history(owner, planId);
  }

  @Override
  public Map<String, BigDecimal> lastPrices() {
    return marketData.lastPrices();
  }

  @Override
  public AutoCloseable subscribe(String owner, long afterSequence, LiveListener listener) {
    return live.subscribe(owner, afterSequence, listener);
  }

  @Override
  public long lastSequence(String owner) {
    return live.lastSequence(owner);
  }
}
