package com.tradeplan.domain.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * The one builder of plan drafts for tests, every field as the text a trader types. Two ways in:
 *
 * <ul>
 *   <li>{@link #longPlan()} / {@link #shortPlan()}: a valid draft (LONG: stop 99.00 &lt; entry
 *       ABOVE 101.00 &lt; target 103.00; SHORT the mirror image), changed one field at a time, for
 *       the validator's tests ({@link #stops} and {@link #targets} replace the lists);
 *   <li>{@link #draft(String)}: a LONG entry ABOVE 101.00 with no stop or target yet, which the
 *       test adds ({@link #stop}, {@link #target}), as a trader fills in the form.
 * </ul>
 *
 * <p>Its home is the domain's test sources, because the domain's own tests need it; the domain's
 * test jar shares it, and src/testkit passes it on to every module's tests.
 */
public final class DraftBuilder {
  private String id = "p1";
  private String owner = "alice";
  private String symbol = "AAPL";
  private String secType;
  private String exchange;
  private String currency;
  private String side;
  private String quantity = "100";
  private PlanDraft.EntryDraft entry;
  private List<PlanDraft.StopDraft> stops = new ArrayList<>();
  private List<PlanDraft.TargetDraft> targets = new ArrayList<>();
  private PlanDraft.TrailingStopDraft trailingStop;
  private final List<FieldError> inputErrors = new ArrayList<>();

  private DraftBuilder() {}

  /** A valid LONG draft: stop 99.00 &lt; entry ABOVE 101.00 &lt; target 103.00. */
  public static DraftBuilder longPlan() {
    DraftBuilder b = new DraftBuilder();
    b.side = "LONG";
    b.entry = new PlanDraft.EntryDraft("ABOVE", "101.00", null);
    b.stops.add(stopAt("99.00"));
    b.targets.add(targetAt("103.00"));
    return b;
  }

  /** A valid SHORT draft: stop 101.00 &gt; entry BELOW 99.00 &gt; target 97.00. */
  public static DraftBuilder shortPlan() {
    DraftBuilder b = new DraftBuilder();
    b.side = "SHORT";
    b.entry = new PlanDraft.EntryDraft("BELOW", "99.00", null);
    b.stops.add(stopAt("101.00"));
    b.targets.add(targetAt("97.00"));
    return b;
  }

  /** {@link #longPlan()} or {@link #shortPlan()}. */
  public static DraftBuilder plan(Side side) {
    return side == Side.LONG ? longPlan() : shortPlan();
  }

  /**
   * A LONG draft {@code id} of alice's, 100 AAPL, entry ABOVE 101.00, with no stop and no target
   * yet: add them with {@link #stop} and {@link #target}.
   */
  public static DraftBuilder draft(String id) {
    DraftBuilder b = new DraftBuilder();
    b.id = id;
    b.side = "LONG";
    b.entry = new PlanDraft.EntryDraft("ABOVE", "101.00", null);
    return b;
  }

  public static PlanDraft.StopDraft stopAt(String price) {
    return new PlanDraft.StopDraft(price, null);
  }

  public static PlanDraft.StopDraft stopAt(String price, String activateAt) {
    return new PlanDraft.StopDraft(price, activateAt);
  }

  public static PlanDraft.TargetDraft targetAt(String price) {
    return new PlanDraft.TargetDraft(price, null);
  }

  public static PlanDraft.TargetDraft targetAt(String price, String quantity) {
    return new PlanDraft.TargetDraft(price, quantity);
  }

  public DraftBuilder id(String v) {
    id = v;
    return this;
  }

  public DraftBuilder owner(String v) {
    owner = v;
    return this;
  }

  public DraftBuilder symbol(String v) {
    symbol = v;
    return this;
  }

  public DraftBuilder instrument(String secType, String exchange, String currency) {
    this.secType = secType;
    this.exchange = exchange;
    this.currency = currency;
    return this;
  }

  public DraftBuilder side(String v) {
    side = v;
    return this;
  }

  /** SHORT, and the entry BELOW its price (the price stays). */
  public DraftBuilder shortSide() {
    side = "SHORT";
    return entry("BELOW", entry.price());
  }

  public DraftBuilder quantity(String v) {
    quantity = v;
    return this;
  }

  public DraftBuilder quantity(long v) {
    return quantity(Long.toString(v));
  }

  public DraftBuilder entry(String condition, String price) {
    entry =
        new PlanDraft.EntryDraft(
            condition,
            price,
            entry == null ? null : entry.expiresAt(),
            entry == null ? null : entry.maxSlippageTicks());
    return this;
  }

  /** The entry price; the condition stays. */
  public DraftBuilder entry(String price) {
    return entry(entry.condition(), price);
  }

  /** The entry price; the condition stays. */
  public DraftBuilder entryPrice(String price) {
    return entry(price);
  }

  /** The entry's slippage protection as typed (null: a market entry). */
  public DraftBuilder maxSlippageTicks(String v) {
    entry = new PlanDraft.EntryDraft(entry.condition(), entry.price(), entry.expiresAt(), v);
    return this;
  }

  public DraftBuilder noEntry() {
    entry = null;
    return this;
  }

  public DraftBuilder expiresAt(String v) {
    entry = new PlanDraft.EntryDraft(entry.condition(), entry.price(), v, entry.maxSlippageTicks());
    return this;
  }

  /** Replaces the stops ({@code null}: the list itself is absent). */
  public DraftBuilder stops(PlanDraft.StopDraft... v) {
    stops = v == null ? null : new ArrayList<>(List.of(v));
    return this;
  }

  /** Replaces the targets ({@code null}: the list itself is absent). */
  public DraftBuilder targets(PlanDraft.TargetDraft... v) {
    targets = v == null ? null : new ArrayList<>(List.of(v));
    return this;
  }

  /** Adds a fixed stop. */
  public DraftBuilder stop(String price) {
    stops.add(stopAt(price));
    return this;
  }

  /** Adds a stop that becomes eligible once the price reaches {@code activateAt}. */
  public DraftBuilder stop(String price, String activateAt) {
    stops.add(stopAt(price, activateAt));
    return this;
  }

  /** Adds a target for whatever is left. */
  public DraftBuilder target(String price) {
    targets.add(targetAt(price));
    return this;
  }

  /** Adds a target for {@code quantity} shares. */
  public DraftBuilder target(String price, long quantity) {
    targets.add(targetAt(price, Long.toString(quantity)));
    return this;
  }

  public DraftBuilder trailing(String distance) {
    trailingStop = new PlanDraft.TrailingStopDraft(distance);
    return this;
  }

  /** An error a format reader found before validation (a price sent as a JSON number, say). */
  public DraftBuilder inputError(String field, String message) {
    inputErrors.add(new FieldError(field, message));
    return this;
  }

  public PlanDraft build() {
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
        inputErrors);
  }
}
