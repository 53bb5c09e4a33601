package com.tradeplan.domain.plan;

import com.tradeplan.domain.strategy.StrategyDraft;
import java.util.List;

/**
 * A plan as entered, before validation: every scalar is kept as the text the trader typed (null
 * when absent), so that validation can name each bad field instead of failing on the first. Readers
 * of external formats put type errors they found (a price sent as a JSON number, say) in {@code
 * inputErrors}; validation reports those and skips its own checks of the same fields. {@code
 * strategy} is the rule-set strategy as typed, or null for none.
 */
public record PlanDraft(
    String id,
    String owner,
    String symbol,
    String secType,
    String exchange,
    String currency,
    String side,
    String quantity,
    EntryDraft entry,
    List<StopDraft> stops,
    List<TargetDraft> targets,
    TrailingStopDraft trailingStop,
    List<FieldError> inputErrors,
    StrategyDraft strategy) {

  /** A draft without a strategy. */
  public PlanDraft(
      String id,
      String owner,
      String symbol,
      String secType,
      String exchange,
      String currency,
      String side,
      String quantity,
      EntryDraft entry,
      List<StopDraft> stops,
      List<TargetDraft> targets,
      TrailingStopDraft trailingStop,
      List<FieldError> inputErrors) {
    this(
        id,
        owner,
        symbol,
        secType,
        exchange,
        currency,
        side,
        quantity,
        entry,
        stops,
        targets,
        trailingStop,
        inputErrors,
        null);
  }

  public PlanDraft {
    stops = stops == null ? null : List.copyOf(stops);
    targets = targets == null ? null : List.copyOf(targets);
    inputErrors = inputErrors == null ? List.of() : List.copyOf(inputErrors);
  }

  /** The same draft under the id and owner the server gives it (the trader sets neither). */
  public PlanDraft withIdAndOwner(String nextId, String nextOwner) {
    return copy(nextId, nextOwner, inputErrors);
  }

  /** The same draft with another list of input errors found by a reader. */
  public PlanDraft withInputErrors(List<FieldError> nextInputErrors) {
    return copy(id, owner, nextInputErrors);
  }

  private PlanDraft copy(String nextId, String nextOwner, List<FieldError> nextInputErrors) {
    return new PlanDraft(
        nextId,
        nextOwner,
        symbol,
        secType,
        exchange,
        currency,
        side,
        quantity,
        entry,
        stops,
        targets,
        trailingStop,
        nextInputErrors,
        strategy);
  }

  /** The same draft with another strategy as typed (null: none). */
  public PlanDraft withStrategy(StrategyDraft next) {
    return new PlanDraft(
        id,
        owner,
        symbol,
        secType,
        exchange,
        currency,
        side,
        quantity,
        entry,
        stops,
        targets,
        trailingStop,
        inputErrors,
        next);
  }

  /** The entry as typed. */
  public record EntryDraft(
      String condition, String price, String expiresAt, String maxSlippageTicks) {
    /** An entry without slippage protection, as typed. */
    public EntryDraft(String condition, String price, String expiresAt) {
      this(condition, price, expiresAt, null);
    }
  }

  /** A stop as typed. */
  public record StopDraft(String price, String activateAt) {}

  /** A target as typed. */
  public record TargetDraft(String price, String quantity) {}

  /** A trailing stop as typed. */
  public record TrailingStopDraft(String distance) {}
}
