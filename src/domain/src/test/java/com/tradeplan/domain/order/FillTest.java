package com.tradeplan.domain.order;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FillTest {
  private static final OrderRef ENTRY = new OrderRef("p1", OrderRole.ENTRY, 0, 1);
  private static final Instant T0 = Instant.parse("2026-03-02T14:30:00Z");

  private static Fill fill(String executionId, long quantity, String price) {
    return new Fill(executionId, ENTRY, OrderAction.BUY, quantity, new BigDecimal(price), null, T0);
  }

  @Test
  void aFillRefusesNonPositiveQuantityOrPriceAndNegativeCommission() {
    assertThatThrownBy(() -> fill("e", 0, "1.00")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> fill("e", 1, "0.00")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new Fill(
                    "e", ENTRY, OrderAction.BUY, 1, BigDecimal.ONE, new BigDecimal("-0.01"), T0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
