package com.tradeplan.gateway;

import java.math.BigDecimal;

/** The margin answer to a whatIf order (all null when the order is not a whatIf). */
record WhatIf(
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
    BigDecimal maxCommission) {
  static final WhatIf NONE =
      new WhatIf(null, null, null, null, null, null, null, null, null, null, null, null);
}
