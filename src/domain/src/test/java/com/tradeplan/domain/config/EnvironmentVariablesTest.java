package com.tradeplan.domain.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Unset or blank takes the default; set must parse, and a failure names the variable and why. */
class EnvironmentVariablesTest {
  private static final EnvironmentVariables ENV =
      EnvironmentVariables.of(
          Map.of(
              "PORT", " 4001 ",
              "BLANK", "  ",
              "WORDS", "four",
              "BIG", "99999999999",
              "SPEED", "0.5",
              "ZONE", "Europe/Zurich",
              "FLAG", " FALSE "));

  @Test
  void anUnsetOrBlankVariableTakesItsDefaultAndASetOneIsTrimmed() {
    assertThat(ENV.integer("PORT", 1)).isEqualTo(4001);
    assertThat(ENV.integer("UNSET", 7)).isEqualTo(7);
    assertThat(ENV.integer("BLANK", 7)).isEqualTo(7);
    assertThat(ENV.text("PORT", "x")).isEqualTo("4001");
    assertThat(ENV.text("BLANK", "x")).isEqualTo("x");
    assertThat(ENV.optionalText("BLANK")).isNull();
    assertThat(ENV.longInteger("BIG", 1)).isEqualTo(99_999_999_999L);
    assertThat(ENV.longInteger("UNSET", 3)).isEqualTo(3);
    assertThat(ENV.decimal("SPEED", BigDecimal.ONE)).isEqualByComparingTo("0.5");
    assertThat(ENV.decimal("UNSET", BigDecimal.ONE)).isEqualTo(BigDecimal.ONE);
    assertThat(ENV.zone("ZONE", ZoneId.of("UTC"))).isEqualTo(ZoneId.of("Europe/Zurich"));
    assertThat(ENV.zone("BLANK", ZoneId.of("UTC"))).isEqualTo(ZoneId.of("UTC"));
    assertThat(ENV.bool("FLAG", true)).isFalse();
    assertThat(ENV.bool("BLANK", true)).isTrue();
  }

  @Test
  void aMalformedValueNamesTheVariableTheTextAndWhatWasExpected() {
    assertThatThrownBy(() -> ENV.integer("WORDS", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("WORDS: 'four' is not an integer");
    assertThatThrownBy(() -> ENV.integer("BIG", 1))
        .hasMessage("BIG: '99999999999' is not an integer");
    assertThatThrownBy(() -> ENV.longInteger("WORDS", 1))
        .hasMessage("WORDS: 'four' is not an integer");
    assertThatThrownBy(() -> ENV.decimal("WORDS", BigDecimal.ONE))
        .hasMessage("WORDS: 'four' is not a decimal number");
    assertThatThrownBy(() -> ENV.zone("WORDS", ZoneId.of("UTC")))
        .hasMessage("WORDS: 'four' is not a time zone id");
    assertThatThrownBy(() -> ENV.bool("WORDS", true))
        .hasMessage("WORDS: 'four' is not true or false");
  }

  @Test
  void aWholeNumberOutsideItsRangeIsRefusedButTheDefaultIsNotChecked() {
    assertThatThrownBy(() -> ENV.integer("PORT", 1, 0, 1_000))
        .hasMessage("PORT: 4001 outside 0..1000");
    assertThat(ENV.integer("UNSET", 0, 1, 10)).as("the default as given").isZero();
  }
}
