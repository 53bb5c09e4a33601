package com.tradeplan.domain.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.domain.plan.FieldError;
import java.math.BigDecimal;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A trader's strategy choice read against a catalog: defaults, types, bounds, field names. */
class StrategyValidatorTest {
  private static final StrategyCatalog CATALOG =
      new StrategyCatalog(
          List.of(
              new StrategySchema(
                  "trail-atr-after-1r",
                  "trail",
                  List.of(
                      new StrategyParameter(
                          "atrMultiple",
                          ParameterType.DECIMAL,
                          new BigDecimal("0.5"),
                          new BigDecimal("10"),
                          new BigDecimal("2"),
                          "ATRs"),
                      new StrategyParameter(
                          "atrBarsMin", ParameterType.INTEGER, 1L, 14L, 5L, "bars"))),
              new StrategySchema(
                  "exit-at-time",
                  "exit",
                  List.of(
                      new StrategyParameter(
                          "exitAt",
                          ParameterType.TIME,
                          LocalTime.of(9, 30),
                          LocalTime.of(16, 0),
                          null,
                          "when"),
                      new StrategyParameter(
                          "alsoCancel", ParameterType.BOOLEAN, null, null, true, "")))));

  private static StrategyValidator.Result validate(String name, Map<String, String> params) {
    return StrategyValidator.validate(new StrategyDraft(name, params), CATALOG);
  }

  @Test
  void defaultsFillWhatTheTraderLeftOutAndDecimalsKeepTheirScale() {
    StrategyValidator.Result r = validate("trail-atr-after-1r", Map.of("atrMultiple", "2.50"));
    assertThat(r.errors()).isEmpty();
    assertThat(r.choice().params())
        .containsEntry("atrMultiple", new BigDecimal("2.50"))
        .containsEntry("atrBarsMin", 5L);
    assertThat(r.choice().paramTexts()).containsEntry("atrMultiple", "2.50");
  }

  @Test
  void aValueAtItsBoundIsAcceptedAndOneBeyondIsRefusedByField() {
    assertThat(validate("trail-atr-after-1r", Map.of("atrMultiple", "10")).errors()).isEmpty();
    assertThat(validate("trail-atr-after-1r", Map.of("atrMultiple", "0.5")).errors()).isEmpty();
    assertThat(validate("trail-atr-after-1r", Map.of("atrMultiple", "10.00000001")).errors())
        .containsExactly(
            new FieldError("strategy.params.atrMultiple", "must be between 0.5 and 10"));
    assertThat(validate("exit-at-time", Map.of("exitAt", "16:00")).errors()).isEmpty();
    assertThat(validate("exit-at-time", Map.of("exitAt", "16:01")).errors())
        .containsExactly(
            new FieldError("strategy.params.exitAt", "must be between 09:30 and 16:00"));
  }

  @Test
  void everyBadParameterIsNamedAtOnce() {
    StrategyValidator.Result r =
        validate("exit-at-time", Map.of("alsoCancel", "yes", "colour", "red", "exitAt", "3pm"));
    assertThat(r.choice()).isNull();
    assertThat(r.errors())
        .containsExactly(
            new FieldError("strategy.params.colour", "is not a parameter of strategy exit-at-time"),
            new FieldError("strategy.params.exitAt", "must be a time HH:MM"),
            new FieldError("strategy.params.alsoCancel", "must be true or false"));
    assertThat(validate("exit-at-time", Map.of()).errors())
        .containsExactly(new FieldError("strategy.params.exitAt", "is required"));
    assertThat(validate("trail-atr-after-1r", Map.of("atrBarsMin", "2.5")).errors())
        .containsExactly(new FieldError("strategy.params.atrBarsMin", "must be an integer"));
    assertThat(validate("trail-atr-after-1r", Map.of("atrMultiple", "1e3")).errors())
        .containsExactly(
            new FieldError("strategy.params.atrMultiple", "must be a decimal such as 2.5"));
  }

  @Test
  void anUnknownStrategyNamesWhatTheRuleSetOffers() {
    assertThat(validate("martingale", Map.of()).errors())
        .containsExactly(
            new FieldError(
                "strategy.name",
                "unknown strategy \"martingale\" (the rule set offers trail-atr-after-1r,"
                    + " exit-at-time)"));
    assertThat(
            StrategyValidator.validate(new StrategyDraft("x", Map.of()), StrategyCatalog.EMPTY)
                .errors()
                .get(0)
                .message())
        .endsWith("(the rule set offers none)");
  }

  @Test
  void aChoiceSurvivesItsTypedTexts() {
    StrategyChoice c =
        validate("exit-at-time", Map.of("exitAt", "15:55", "alsoCancel", "false")).choice();
    assertThat(c.typedTexts())
        .containsEntry("exitAt", "time 15:55")
        .containsEntry("alsoCancel", "boolean false");
    assertThat(StrategyChoice.fromTypedTexts(c.name(), c.typedTexts())).isEqualTo(c);
  }

  @Test
  void aSchemaWithADefaultOutsideItsBoundsIsNotPublished() {
    StrategySchema s =
        new StrategySchema(
            "Bad Name",
            "",
            List.of(
                new StrategyParameter("n", ParameterType.INTEGER, 1L, 3L, 4L, ""),
                new StrategyParameter("n", ParameterType.INTEGER, 5L, 3L, null, "")));
    assertThat(s.problems())
        .containsExactly(
            "strategy name \"Bad Name\" must be lower-case words joined by '-'",
            "parameter n: the default must be between 1 and 3",
            "parameter n: declared twice",
            "parameter n: min is above max");
  }
}
