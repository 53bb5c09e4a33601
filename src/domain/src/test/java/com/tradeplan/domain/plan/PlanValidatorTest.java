package com.tradeplan.domain.plan;

import static com.tradeplan.domain.plan.DraftBuilder.longPlan;
import static com.tradeplan.domain.plan.DraftBuilder.plan;
import static com.tradeplan.domain.plan.DraftBuilder.shortPlan;
import static com.tradeplan.domain.plan.DraftBuilder.stopAt;
import static com.tradeplan.domain.plan.DraftBuilder.targetAt;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** lifecycle.md section 3, rule by rule, valid and invalid, LONG and SHORT. */
class PlanValidatorTest {
  private static final Instant ACTIVATION = Instant.parse("2026-03-02T14:30:00Z");
  private static final String OFF_GRID = "must be a multiple of the tick size 0.01";

  private static ValidationResult validate(DraftBuilder b) {
    return PlanValidator.validate(b.build(), ACTIVATION, Instrument.DEFAULT_TICK_SIZE);
  }

  private static Plan valid(DraftBuilder b) {
    ValidationResult r = validate(b);
    assertThat(r.errors()).as("errors of a plan expected to be valid").isEmpty();
    return ((ValidationResult.Valid) r).plan();
  }

  private static List<FieldError> errors(DraftBuilder b) {
    ValidationResult r = validate(b);
    assertThat(r.isValid()).as("a plan expected to be invalid was accepted").isFalse();
    return r.errors();
  }

  private static FieldError error(String field, String message) {
    return new FieldError(field, message);
  }

  // ---- valid plans

  @Test
  void aFullLongPlanIsAcceptedWithEveryFieldAsEntered() {
    Plan p =
        valid(
            longPlan()
                .quantity("100")
                .expiresAt("2026-03-02T20:00:00Z")
                .stops(stopAt("99.00"), stopAt("100.50", "102.00"))
                .targets(targetAt("103.00", "50"), targetAt("105.00"))
                .trailing("1.50"));

    assertThat(p.side()).isEqualTo(Side.LONG);
    assertThat(p.quantity()).isEqualTo(100);
    assertThat(p.entry())
        .isEqualTo(
            new Entry(
                EntryCondition.ABOVE,
                new BigDecimal("101.00"),
                Instant.parse("2026-03-02T20:00:00Z")));
    assertThat(p.stops())
        .containsExactly(
            new Stop(new BigDecimal("99.00"), null),
            new Stop(new BigDecimal("100.50"), new BigDecimal("102.00")));
    assertThat(p.targets())
        .containsExactly(
            new Target(new BigDecimal("103.00"), 50L), new Target(new BigDecimal("105.00"), null));
    assertThat(p.trailingStop()).isEqualTo(new TrailingStop(new BigDecimal("1.50")));
    assertThat(p.instrument()).isEqualTo(Instrument.stock("AAPL"));
  }

  @Test
  void aFullShortPlanIsAccepted() {
    Plan p =
        valid(
            shortPlan()
                .stops(stopAt("101.00"), stopAt("99.50", "98.00"))
                .targets(targetAt("97.00", "40"), targetAt("95.00", "60"))
                .trailing("0.75"));

    assertThat(p.side()).isEqualTo(Side.SHORT);
    assertThat(p.targets()).hasSize(2);
  }

  @Test
  void targetsAreOptionalAndTheInstrumentDefaultsCanBeOverridden() {
    Plan p = valid(longPlan().targets().instrument("FUT", "CME", "EUR"));

    assertThat(p.targets()).isEmpty();
    assertThat(p.instrument().secType()).isEqualTo("FUT");
    assertThat(p.instrument().exchange()).isEqualTo("CME");
    assertThat(p.instrument().currency()).isEqualTo("EUR");
  }

  @Test
  void aPriceIsKeptExactlyAsTypedNeverRounded() {
    Plan p = valid(longPlan().entryPrice("101.1").targets(targetAt("103.100")));

    assertThat(p.entry().price().toPlainString()).isEqualTo("101.1");
    assertThat(p.targets().get(0).price().toPlainString()).isEqualTo("103.100");
  }

  // ---- prices: > 0 and on the tick grid

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({
    "entry.price, 101.005",
    "stops[0].price, 98.995",
    "stops[1].activateAt, 102.001",
    "targets[0].price, 103.009",
    "trailingStop.distance, 1.505",
  })
  void aPriceOffTheTickGridIsAnErrorOfThatField(String field, String price) {
    DraftBuilder b = longPlan().stops(stopAt("99.00"), stopAt("100.50", "102.00")).trailing("1.50");
    switch (field) {
      case "entry.price" -> b.entryPrice(price);
      case "stops[0].price" -> b.stops(stopAt(price), stopAt("100.50", "102.00"));
      case "stops[1].activateAt" -> b.stops(stopAt("99.00"), stopAt("100.50", price));
      case "targets[0].price" -> b.targets(targetAt(price));
      default -> b.trailing(price);
    }

    assertThat(errors(b)).containsExactly(error(field, OFF_GRID));
  }

  @Test
  void theTickSizeOfTheInstrumentIsTheGrid() {
    PlanDraft d = longPlan().entryPrice("101.02").stops(stopAt("99.05")).build();

    ValidationResult r = PlanValidator.validate(d, null, new BigDecimal("0.05"));

    assertThat(r.errors())
        .containsExactly(error("entry.price", "must be a multiple of the tick size 0.05"));
    assertThat(PlanValidator.validate(d, null, new BigDecimal("0.01")).isValid()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "0.00", "-1.00"})
  void aPriceThatIsNotAboveZeroIsRefused(String price) {
    assertThat(errors(longPlan().trailing(price)))
        .containsExactly(error("trailingStop.distance", "must be greater than 0"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "1e2", "101.", ".5", " 101.00", "101,00", "NaN", ""})
  void aPriceThatIsNotAPlainDecimalIsRefused(String price) {
    assertThat(errors(longPlan().targets(targetAt(price))))
        .containsExactly(
            error("targets[0].price", "must be a plain decimal number such as \"101.25\""));
  }

  // ---- required fields and counts

  @Test
  void aPlanNeedsAnEntryAndAtLeastOneStop() {
    assertThat(errors(longPlan().noEntry())).containsExactly(error("entry", "is required"));
    assertThat(errors(longPlan().stops()))
        .containsExactly(error("stops", "at least one stop is required"));
    assertThat(errors(longPlan().stops((PlanDraft.StopDraft[]) null)))
        .containsExactly(error("stops", "at least one stop is required"));
  }

  @Test
  void missingScalarsAreEachReported() {
    PlanDraft.EntryDraft blank = new PlanDraft.EntryDraft(null, null, null);
    DraftBuilder b =
        longPlan().id(null).owner(" ").symbol(null).side(null).quantity(null).noEntry();
    List<FieldError> missing = errors(b);

    assertThat(missing)
        .containsExactly(
            error("id", "is required"),
            error("owner", "is required"),
            error("symbol", "is required"),
            error("side", "is required"),
            error("quantity", "is required"),
            error("entry", "is required"));
    assertThat(errors(longPlan().entry(blank.condition(), blank.price())))
        .containsExactly(
            error("entry.condition", "is required"), error("entry.price", "is required"));
  }

  @Test
  void atMostTenStopsAndTenTargets() {
    PlanDraft.StopDraft[] stops = new PlanDraft.StopDraft[11];
    PlanDraft.TargetDraft[] targets = new PlanDraft.TargetDraft[11];
    for (int i = 0; i < 11; i++) {
      stops[i] = stopAt("99.00");
      targets[i] = targetAt("103.00", "1");
    }

    assertThat(errors(longPlan().stops(stops).targets(targets)))
        .containsExactly(
            error("stops", "at most 10 stops"), error("targets", "at most 10 targets"));
    assertThat(valid(longPlan().stops(java.util.Arrays.copyOf(stops, 10))).stops()).hasSize(10);
  }

  @ParameterizedTest
  @CsvSource({"quantity, 0", "quantity, -5", "quantity, 1.5", "quantity, abc"})
  void thePlanQuantityIsAnIntegerAboveZero(String field, String value) {
    assertThat(errors(longPlan().quantity(value)))
        .containsExactly(error(field, "must be an integer > 0"));
  }

  @Test
  void thePlanQuantityHasAnUpperBound() {
    assertThat(errors(longPlan().quantity("10000001")))
        .containsExactly(error("quantity", "must be at most 10000000"));
    assertThat(valid(longPlan().quantity("10000000")).quantity()).isEqualTo(10_000_000);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "2.5", "x"})
  void aTargetQuantityIsAnIntegerAboveZero(String quantity) {
    assertThat(errors(longPlan().targets(targetAt("103.00", quantity))))
        .containsExactly(error("targets[0].quantity", "must be an integer > 0"));
  }

  @ParameterizedTest
  @EnumSource(Side.class)
  void explicitTargetQuantitiesMayAddUpToThePlanQuantityButNoMore(Side side) {
    String t1 = side == Side.LONG ? "103.00" : "97.00";
    String t2 = side == Side.LONG ? "104.00" : "96.00";
    String t3 = side == Side.LONG ? "105.00" : "95.00";

    valid(plan(side).targets(targetAt(t1, "60"), targetAt(t2, "40"), targetAt(t3)));
    assertThat(
            errors(plan(side).targets(targetAt(t1, "60"), targetAt(t2, "41"), targetAt(t3, "1"))))
        .containsExactly(
            error(
                "targets[1].quantity",
                "explicit target quantities add up to 101, more than the plan quantity 100"),
            error(
                "targets[2].quantity",
                "explicit target quantities add up to 102, more than the plan quantity 100"));
  }

  // ---- ordering: LONG and its mirror image

  @ParameterizedTest
  @CsvSource({
    "LONG, 101.00, stops[0].price, must be below the entry price for a LONG",
    "LONG, 101.50, stops[0].price, must be below the entry price for a LONG",
    "SHORT, 99.00, stops[0].price, must be above the entry price for a SHORT",
    "SHORT, 98.50, stops[0].price, must be above the entry price for a SHORT",
  })
  void aStopWithoutActivationMustBeOnTheLosingSideOfTheEntry(
      Side side, String stopPrice, String field, String message) {
    assertThat(errors(plan(side).stops(stopAt(stopPrice)).targets()))
        .containsExactly(error(field, message));
  }

  @ParameterizedTest
  @CsvSource({
    "LONG, 101.00, must be above the entry price for a LONG",
    "LONG, 100.00, must be above the entry price for a LONG",
    "SHORT, 99.00, must be below the entry price for a SHORT",
    "SHORT, 100.00, must be below the entry price for a SHORT",
  })
  void aTargetMustBeOnTheWinningSideOfTheEntry(Side side, String targetPrice, String message) {
    assertThat(errors(plan(side).targets(targetAt("50.00"), targetAt(targetPrice))))
        .contains(error("targets[1].price", message))
        .allMatch(e -> e.field().startsWith("targets["));
  }

  @ParameterizedTest
  @CsvSource({
    // a breakeven stop may sit beyond the entry, but never beyond a target
    "LONG, 104.00, 105.00, 103.00, must be above every stop price for a LONG",
    "LONG, 103.00, 104.00, 103.00, must be above every stop price for a LONG",
    "SHORT, 96.00, 95.00, 97.00, must be below every stop price for a SHORT",
    "SHORT, 97.00, 96.00, 97.00, must be below every stop price for a SHORT",
  })
  void everyStopIsOnTheLosingSideOfEveryTargetAndTheTargetIsBlamed(
      Side side, String stopPrice, String activateAt, String targetPrice, String message) {
    assertThat(
            errors(
                plan(side)
                    .stops(
                        stopAt(side == Side.LONG ? "99.00" : "101.00"),
                        stopAt(stopPrice, activateAt))
                    .targets(targetAt(targetPrice))))
        .containsExactly(error("targets[0].price", message));
  }

  @ParameterizedTest
  @EnumSource(Side.class)
  void aBreakevenStopBeyondTheEntryIsValid(Side side) {
    DraftBuilder b =
        side == Side.LONG
            ? longPlan()
                .stops(stopAt("99.00"), stopAt("101.50", "102.50"))
                .targets(targetAt("103.00"))
            : shortPlan()
                .stops(stopAt("101.00"), stopAt("98.50", "97.50"))
                .targets(targetAt("97.00"));

    assertThat(valid(b).stops()).hasSize(2);
  }

  @ParameterizedTest
  @CsvSource({
    "LONG, 100.50, 100.50, must be above the stop price for a LONG",
    "LONG, 100.50, 100.00, must be above the stop price for a LONG",
    "SHORT, 99.50, 99.50, must be below the stop price for a SHORT",
    "SHORT, 99.50, 100.00, must be below the stop price for a SHORT",
  })
  void anActivationLevelMustBeOnTheWinningSideOfItsStop(
      Side side, String stopPrice, String activateAt, String message) {
    String first = side == Side.LONG ? "99.00" : "101.00";

    assertThat(errors(plan(side).stops(stopAt(first), stopAt(stopPrice, activateAt))))
        .containsExactly(error("stops[1].activateAt", message));
  }

  @Test
  void orderingIsNotCheckedWithoutAValidSide() {
    assertThat(errors(longPlan().side("long").stops(stopAt("200.00")).targets(targetAt("1.00"))))
        .containsExactly(error("side", "must be one of LONG, SHORT"));
  }

  // ---- expiry

  @Test
  void anExpiryMustBeAnInstantInTheFutureAtActivation() {
    valid(longPlan().expiresAt("2026-03-02T14:30:00.001Z"));
    String mustBeFuture = "must be in the future at activation (2026-03-02T14:30:00Z)";

    assertThat(errors(longPlan().expiresAt("2026-03-02T14:30:00Z")))
        .containsExactly(error("entry.expiresAt", mustBeFuture));
    assertThat(errors(longPlan().expiresAt("2026-03-01T00:00:00Z")))
        .containsExactly(error("entry.expiresAt", mustBeFuture));
    assertThat(errors(longPlan().expiresAt("tomorrow")))
        .containsExactly(
            error("entry.expiresAt", "must be an ISO-8601 instant such as 2026-03-02T20:00:00Z"));
  }

  @Test
  void aDraftSavedWithoutActivationIsNotCheckedForExpiry() {
    assertThat(
            PlanValidator.validate(longPlan().expiresAt("2000-01-01T00:00:00Z").build()).isValid())
        .isTrue();
  }

  // ---- identity and instrument

  @Test
  void identityAndInstrumentFieldsAreChecked() {
    assertThat(
            errors(
                longPlan()
                    .id("has space")
                    .owner("x".repeat(65))
                    .symbol("aapl")
                    .instrument("BOND", "smart", "usd")))
        .extracting(FieldError::field)
        .containsExactly("id", "owner", "symbol", "secType", "exchange", "currency");
  }

  @Test
  void anUnknownEntryConditionOrSideNamesTheChoices() {
    assertThat(errors(longPlan().entry("UP", "101.00")))
        .containsExactly(error("entry.condition", "must be one of ABOVE, BELOW"));
  }

  // ---- every failing field, never just the first

  @Test
  void everyFailingFieldIsReportedInOneResult() {
    List<FieldError> all =
        errors(
            longPlan()
                .quantity("0")
                .entryPrice("101.005")
                .stops(stopAt("-1.00"), stopAt("100.50", "100.00"))
                .targets(targetAt("100.50"), targetAt("103.00", "0"))
                .trailing("abc"));

    assertThat(all)
        .containsExactlyInAnyOrder(
            error("quantity", "must be an integer > 0"),
            error("entry.price", OFF_GRID),
            error("stops[0].price", "must be greater than 0"),
            error("stops[1].activateAt", "must be above the stop price for a LONG"),
            error("targets[1].quantity", "must be an integer > 0"),
            error("targets[0].price", "must be above every stop price for a LONG"),
            error("trailingStop.distance", "must be a plain decimal number such as \"101.25\""));
  }

  @Test
  void aTargetPriceIsCheckedEvenWhenItsQuantityIsAlsoWrong() {
    assertThat(errors(longPlan().targets(targetAt("100.00", "0"))))
        .containsExactlyInAnyOrder(
            error("targets[0].quantity", "must be an integer > 0"),
            error("targets[0].price", "must be above the entry price for a LONG"));
  }

  @Test
  void aStopPriceStillBoundsTheTargetsWhenItsActivationIsMalformed() {
    assertThat(errors(longPlan().stops(stopAt("104.00", "abc")).targets(targetAt("103.00"))))
        .containsExactlyInAnyOrder(
            error("stops[0].activateAt", "must be a plain decimal number such as \"101.25\""),
            error("targets[0].price", "must be above every stop price for a LONG"));
  }

  @Test
  void theEntryPriceStillOrdersStopsAndTargetsWhenTheConditionIsWrong() {
    assertThat(
            errors(
                longPlan()
                    .entry("UP", "101.00")
                    .stops(stopAt("102.00"))
                    .targets(targetAt("100.00"))))
        .containsExactlyInAnyOrder(
            error("entry.condition", "must be one of ABOVE, BELOW"),
            error("stops[0].price", "must be below the entry price for a LONG"),
            error("targets[0].price", "must be above the entry price for a LONG"),
            error("targets[0].price", "must be above every stop price for a LONG"));
  }

  // ---- errors found by the reader of an external format

  @Test
  void inputErrorsAreReportedAndTheirFieldsAreNotCheckedAgain() {
    String asNumber = "must be a decimal string such as \"101.25\", not a JSON number";
    DraftBuilder b =
        longPlan()
            .entryPrice(null)
            .inputError("entry.price", asNumber)
            .quantity(null)
            .inputError("quantity", "must be a JSON integer such as 100, not a string");

    assertThat(errors(b))
        .containsExactly(
            error("entry.price", asNumber),
            error("quantity", "must be a JSON integer such as 100, not a string"));
  }

  @Test
  void anInputErrorOnAWholeSectionIsNotRepeatedAsMissing() {
    assertThat(errors(longPlan().noEntry().inputError("entry", "must be an object")))
        .containsExactly(error("entry", "must be an object"));
    assertThat(
            errors(
                longPlan()
                    .stops(stopAt(null), stopAt("99.50"))
                    .inputError("stops[0]", "must be an object")))
        .containsExactly(error("stops[0]", "must be an object"));
  }
}
