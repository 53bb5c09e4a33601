package com.tradeplan.runtime;

import com.tradeplan.domain.plan.PlanDraft;
import java.util.ArrayList;
import java.util.List;

/** A builder of plan drafts as a trader types them. */
final class Plans {
  private String id;
  private String owner = "alice";
  private String symbol = "AAPL";
  private String side = "LONG";
  private String quantity = "100";
  private String condition = "ABOVE";
  private String entry = "101.00";
  private String expiresAt;
  private final List<PlanDraft.StopDraft> stops = new ArrayList<>();
  private final List<PlanDraft.TargetDraft> targets = new ArrayList<>();
  private String trailing;
  private String maxSlippageTicks;

  static Plans plan(String id) {
    Plans p = new Plans();
    p.id = id;
    return p;
  }

  Plans owner(String o) {
    owner = o;
    return this;
  }

  Plans symbol(String s) {
    symbol = s;
    return this;
  }

  Plans shortSide() {
    side = "SHORT";
    condition = "BELOW";
    return this;
  }

  Plans quantity(long q) {
    quantity = Long.toString(q);
    return this;
  }

  Plans quantityText(String q) {
    quantity = q;
    return this;
  }

  Plans entry(String price) {
    entry = price;
    return this;
  }

  Plans expiresAt(String t) {
    expiresAt = t;
    return this;
  }

  Plans stop(String price) {
    stops.add(new PlanDraft.StopDraft(price, null));
    return this;
  }

  Plans stop(String price, String activateAt) {
    stops.add(new PlanDraft.StopDraft(price, activateAt));
    return this;
  }

  Plans target(String price) {
    targets.add(new PlanDraft.TargetDraft(price, null));
    return this;
  }

  Plans target(String price, long qty) {
    targets.add(new PlanDraft.TargetDraft(price, Long.toString(qty)));
    return this;
  }

  Plans maxSlippageTicks(String ticks) {
    maxSlippageTicks = ticks;
    return this;
  }

  Plans trailing(String distance) {
    trailing = distance;
    return this;
  }

  PlanDraft draft() {
    return new PlanDraft(
        id,
        owner,
        symbol,
        null,
        null,
        null,
        side,
        quantity,
        new PlanDraft.EntryDraft(condition, entry, expiresAt, maxSlippageTicks),
        stops,
        targets,
        trailing == null ? null : new PlanDraft.TrailingStopDraft(trailing),
        List.of());
  }
}
