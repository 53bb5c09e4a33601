package com.tradeplan.domain.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A trader's change of exits is checked against the plan it changes, every field at once. */
class ExitChangeValidatorTest {
  private static final Plan LONG =
      ((ValidationResult.Valid)
              PlanValidator.validate(
                  DraftBuilder.draft("p1")
                      .stop("99.00")
                      .target("103.00", 50)
                      .target("105.00")
                      .build()))
          .plan();

  private static ExitChangeValidator.Result check(ExitChangeDraft d, Set<Integer> fired) {
    return ExitChangeValidator.validate(d, LONG, fired);
  }

  private static List<FieldError> errors(ExitChangeDraft d) {
    ExitChangeValidator.Result r = check(d, Set.of());
    assertThat(r).as("refused: %s", d).isInstanceOf(ExitChangeValidator.Result.Invalid.class);
    return ((ExitChangeValidator.Result.Invalid) r).errors();
  }

  private static ExitChangeDraft draft(
      String kind, String index, String price, String quantity, String distance) {
    return new ExitChangeDraft(kind, index, price, null, quantity, distance, null);
  }

  @Test
  void aStopMovedAboveTheEntryButBelowEveryTargetIsAChange() {
    ExitChangeValidator.Result r =
        check(
            new ExitChangeDraft("moveStop", "0", "101.50", null, null, null, " new high "),
            Set.of());
    var v = (ExitChangeValidator.Result.Valid) r;
    assertThat(v.change()).isEqualTo(new ExitChange.MoveStop(0, new BigDecimal("101.50")));
    assertThat(v.reason()).isEqualTo("new high");
  }

  @Test
  void aStopAtOrAboveATargetNotFiredIsRefusedOnItsPriceButAFiredTargetDoesNotCount() {
    assertThat(errors(draft("moveStop", "0", "103.00", null, null)))
        .containsExactly(new FieldError("price", "must be below target 1 (103.00) for a LONG"));
    assertThat(check(draft("moveStop", "0", "104.00", null, null), Set.of(0)))
        .isInstanceOf(ExitChangeValidator.Result.Valid.class);
  }

  @Test
  void everyBadFieldIsNamedWithItsReason() {
    assertThat(errors(draft("moveStop", "7", "99.005", null, null)))
        .containsExactly(
            new FieldError("index", "must name one of the plan's 1 stops (0..0)"),
            new FieldError("price", "must be a multiple of the tick size 0.01"));
    assertThat(errors(draft("closePart", null, "1.00", "0", null)))
        .containsExactly(
            new FieldError("price", "is not a field of a change of kind closePart"),
            new FieldError("quantity", "must be at least 1"));
    assertThat(errors(draft("removeStop", "0", null, null, null)))
        .containsExactly(
            new FieldError("index", "is the plan's only stop: a plan keeps at least one stop"));
    assertThat(errors(draft("setTargetQuantity", "1", null, "51", null)))
        .containsExactly(
            new FieldError(
                "quantity",
                "would make the target quantities add up to 101, more than the plan quantity"
                    + " 100"));
    assertThat(errors(draft(null, null, null, null, null)).get(0).field()).isEqualTo("kind");
    assertThat(errors(draft("sellAll", null, null, null, null)).get(0).message())
        .startsWith("must be one of ");
  }

  @Test
  void eachKindMakesItsChange() {
    assertThat(
            ((ExitChangeValidator.Result.Valid)
                    check(draft("stopToBreakEven", null, null, null, null), Set.of()))
                .change())
        .isEqualTo(new ExitChange.StopToBreakEven());
    assertThat(
            ((ExitChangeValidator.Result.Valid)
                    check(draft("closePart", null, null, "40", null), Set.of()))
                .change())
        .isEqualTo(new ExitChange.ClosePart(40));
    assertThat(
            ((ExitChangeValidator.Result.Valid)
                    check(draft("setTrailingDistance", null, null, null, "0.50"), Set.of()))
                .change())
        .isEqualTo(new ExitChange.SetTrailingDistance(new BigDecimal("0.50")));
    assertThat(
            ((ExitChangeValidator.Result.Valid)
                    check(draft("addTarget", null, "104.00", "20", null), Set.of()))
                .change())
        .isEqualTo(new ExitChange.AddTarget(new BigDecimal("104.00"), 20L));
    assertThat(errors(draft("addTarget", null, "98.00", null, null)))
        .containsExactly(new FieldError("price", "must be above stop 1 (99.00) for a LONG"));
  }
}
