package com.tradeplan.domain.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * The history names a trader's change as the plan page does: stops and targets numbered from 1,
 * although the API's {@code index} counts from 0.
 */
class ExitChangeTest {
  private static BigDecimal d(String s) {
    return new BigDecimal(s);
  }

  @Test
  void theHistoryNamesStopsAndTargetsFromOneAsThePageDoes() {
    assertThat(new ExitChange.MoveStop(0, d("9.50")).describe()).isEqualTo("move stop 1 to 9.50");
    assertThat(new ExitChange.RemoveStop(1).describe()).isEqualTo("remove stop 2");
    assertThat(new ExitChange.MoveTarget(0, d("11.50")).describe())
        .isEqualTo("move target 1 to 11.50");
    assertThat(new ExitChange.SetTargetQuantity(2, 25).describe())
        .isEqualTo("set the quantity of target 3 to 25");
  }

  @Test
  void changesWithoutAnIndexSayTheirLevelsAsTyped() {
    assertThat(new ExitChange.AddStop(d("9.70"), d("10.60")).describe())
        .isEqualTo("add a stop at 9.70 from 10.60");
    assertThat(new ExitChange.AddTarget(d("13.00"), null).describe())
        .isEqualTo("add a target at 13.00 for the rest");
    assertThat(new ExitChange.AddTarget(d("11.80"), 30L).describe())
        .isEqualTo("add a target at 11.80 for 30");
    assertThat(new ExitChange.SetTrailingDistance(d("0.70")).describe())
        .isEqualTo("set the trailing distance to 0.70");
  }
}
