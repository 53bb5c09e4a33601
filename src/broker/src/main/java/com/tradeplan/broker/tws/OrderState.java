package com.tradeplan.broker.tws;

import java.math.BigDecimal;

/** The state part of an openOrder message, including the whatIf margin answer. */
public record OrderState(
    String status,
    BigDecimal initMarginBefore,
    BigDecimal maintMarginBefore,
    BigDecimal equityWithLoanBefore,
    BigDecimal initMarginChange,
    BigDecimal maintMarginChange,
    BigDecimal equityWithLoanChange,
    BigDecimal initMarginAfter,
    BigDecimal maintMarginAfter,
    BigDecimal equityWithLoanAfter,
    BigDecimal commission,
    BigDecimal minCommission,
    BigDecimal maxCommission,
    String commissionCurrency,
    String warningText) {
  public static OrderState of(String status) {
    return new OrderState(
        status, null, null, null, null, null, null, null, null, null, null, null, null, "", "");
  }
}
