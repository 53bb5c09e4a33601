package com.tradeplan.engine.facts;

import com.tradeplan.domain.state.StopKind;
import com.tradeplan.domain.state.StopSnapshot;
import java.math.BigDecimal;

/** One stop level of a plan, as a fact. Eligibility is sticky; a trailing level only tightens. */
public final class StopLevel {
  private final PlanState plan;
  private int index;
  private final StopKind kind;
  private final BigDecimal activateAt;
  private BigDecimal level;
  private boolean eligible;

  StopLevel(PlanState plan, StopSnapshot s) {
    this.plan = plan;
    this.index = s.index();
    this.kind = s.kind();
    this.level = s.level();
    this.activateAt = s.activateAt();
    this.eligible = s.eligible();
  }

  public String getPlanId() {
    return plan.getId();
  }

  public int getIndex() {
    return index;
  }

  public StopKind getKind() {
    return kind;
  }

  public BigDecimal getLevel() {
    return level;
  }

  public BigDecimal getActivateAt() {
    return activateAt;
  }

  public boolean isEligible() {
    return eligible;
  }

  public boolean isTrailing() {
    return kind == StopKind.TRAILING;
  }

  /** Eligibility never goes back: a stop that protected the trade once keeps protecting it. */
  public void setEligible(boolean eligible) {
    if (!eligible && this.eligible) {
      throw new IllegalStateException(
          "stop " + index + " of " + getPlanId() + " cannot lose eligibility");
    }
    if (eligible != this.eligible) {
      this.eligible = true;
      plan.markChanged();
    }
  }

  /** Moves a trailing level; a level never loosens (lower for a LONG, higher for a SHORT). */
  public void setLevel(BigDecimal next) {
    if (kind != StopKind.TRAILING) {
      throw new IllegalStateException("only the trailing stop moves");
    }
    if (level != null && !plan.getSide().isBetter(next, level)) {
      return;
    }
    level = next;
    plan.markChanged();
  }

  /**
   * The trader moved this fixed or activated stop (a change of exits the rules let through): its
   * level is {@code price} from now on, in either direction; eligibility stays as it was.
   */
  void moveTo(BigDecimal price) {
    if (kind == StopKind.TRAILING) {
      throw new IllegalStateException("the trailing stop follows the price; change its distance");
    }
    level = price;
    plan.markChanged();
  }

  /**
   * The trader changed the trailing distance: the level is the best price less the new distance,
   * looser too when the trader widened it (a change the rules let through).
   */
  void resetTrailingLevel(BigDecimal next) {
    if (kind != StopKind.TRAILING) {
      throw new IllegalStateException("only the trailing stop has a trailing level");
    }
    level = next;
    eligible = true;
    plan.markChanged();
  }

  /** A stop before this one was removed: this one takes the index one lower. */
  void renumber(int next) {
    index = next;
    plan.markChanged();
  }

  StopSnapshot snapshot() {
    return new StopSnapshot(index, kind, level, activateAt, eligible);
  }

  @Override
  public String toString() {
    return "StopLevel["
        + getPlanId()
        + "#"
        + index
        + " "
        + kind
        + " "
        + level
        + " eligible="
        + eligible
        + "]";
  }
}
