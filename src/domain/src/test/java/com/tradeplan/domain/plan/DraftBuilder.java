package com.tradeplan.domain.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * Test data: a valid plan draft by default (LONG: stop 99.00 < entry ABOVE 101.00 < target 103.00;
 * SHORT the mirror image), changed one field at a time.
 */
final class DraftBuilder {
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

  static DraftBuilder longPlan() {
    DraftBuilder b = new DraftBuilder();
    b.side = "LONG";
    b.entry = new PlanDraft.EntryDraft("ABOVE", "101.00", null);
    b.stops.add(stop("99.00"));
    b.targets.add(target("103.00"));
    return b;
  }

  static DraftBuilder shortPlan() {
    DraftBuilder b = new DraftBuilder();
    b.side = "SHORT";
    b.entry = new PlanDraft.EntryDraft("BELOW", "99.00", null);
    b.stops.add(stop("101.00"));
    b.targets.add(target("97.00"));
    return b;
  }

  static DraftBuilder plan(Side side) {
    return side == Side.LONG ? longPlan() : shortPlan();
  }

  static PlanDraft.StopDraft stop(String price) {
    return new PlanDraft.StopDraft(price, null);
  }

  static PlanDraft.StopDraft stop(String price, String activateAt) {
    return new PlanDraft.StopDraft(price, activateAt);
  }

  static PlanDraft.TargetDraft target(String price) {
    return new PlanDraft.TargetDraft(price, null);
  }

  static PlanDraft.TargetDraft target(String price, String quantity) {
    return new PlanDraft.TargetDraft(price, quantity);
  }

  DraftBuilder id(String v) {
    id = v;
    return this;
  }

  DraftBuilder owner(String v) {
    owner = v;
    return this;
  }

  DraftBuilder symbol(String v) {
    symbol = v;
    return this;
  }

  DraftBuilder instrument(String secType, String exchange, String currency) {
    this.secType = secType;
    this.exchange = exchange;
    this.currency = currency;
    return this;
  }

  DraftBuilder side(String v) {
    side = v;
    return this;
  }

  DraftBuilder quantity(String v) {
    quantity = v;
    return this;
  }

  DraftBuilder entry(String condition, String price) {
    entry = new PlanDraft.EntryDraft(condition, price, entry == null ? null : entry.expiresAt());
    return this;
  }

  DraftBuilder entryPrice(String price) {
    return entry(entry.condition(), price);
  }

  DraftBuilder noEntry() {
    entry = null;
    return this;
  }

  DraftBuilder expiresAt(String v) {
    entry = new PlanDraft.EntryDraft(entry.condition(), entry.price(), v);
    return this;
  }

  DraftBuilder stops(PlanDraft.StopDraft... v) {
    stops = v == null ? null : new ArrayList<>(List.of(v));
    return this;
  }

  DraftBuilder targets(PlanDraft.TargetDraft... v) {
    targets = v == null ? null : new ArrayList<>(List.of(v));
    return this;
  }

  DraftBuilder trailing(String distance) {
    trailingStop = new PlanDraft.TrailingStopDraft(distance);
    return this;
  }

  DraftBuilder inputError(String field, String message) {
    inputErrors.add(new FieldError(field, message));
    return this;
  }

  PlanDraft build() {
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
