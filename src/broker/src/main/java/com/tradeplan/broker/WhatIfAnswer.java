package com.tradeplan.broker;

import com.tradeplan.broker.tws.OrderState;
import com.tradeplan.domain.order.OrderRef;
import java.math.BigDecimal;

/**
 * IB's answer to a shadow what-if check of one exit ({@link IbBroker#askWhatIf}): accepted with the
 * margin figures IB gave (any of them null when IB left it empty), rejected with IB's words, or no
 * answer (timed out, connection lost, not written): then nothing is known and the asker checks
 * again later. Money as IB wrote it, in the account's currency.
 *
 * @param ref the exit checked (the whatIf order itself had another orderRef and order id)
 * @param verdict what IB said
 * @param reason IB's words for a rejection, why there was no answer; null when accepted
 * @param initMarginChange the initial margin the exit would add (negative: free)
 * @param maintMarginChange the maintenance margin it would add
 * @param initMarginAfter the account's initial margin after it
 * @param equityWithLoanAfter the account's equity with loan value after it
 * @param commission the commission IB expects
 */
public record WhatIfAnswer(
    OrderRef ref,
    Verdict verdict,
    String reason,
    BigDecimal initMarginChange,
    BigDecimal maintMarginChange,
    BigDecimal initMarginAfter,
    BigDecimal equityWithLoanAfter,
    BigDecimal commission) {

  /** What IB said of the whatIf order. */
  public enum Verdict {
    ACCEPTED,
    REJECTED,
    NO_ANSWER
  }

  static WhatIfAnswer accepted(OrderRef ref, OrderState s) {
    return s == null
        ? new WhatIfAnswer(ref, Verdict.ACCEPTED, null, null, null, null, null, null)
        : new WhatIfAnswer(
            ref,
            Verdict.ACCEPTED,
            null,
            s.initMarginChange(),
            s.maintMarginChange(),
            s.initMarginAfter(),
            s.equityWithLoanAfter(),
            s.commission());
  }

  static WhatIfAnswer rejected(OrderRef ref, String reason) {
    return new WhatIfAnswer(ref, Verdict.REJECTED, reason, null, null, null, null, null);
  }

  static WhatIfAnswer noAnswer(OrderRef ref, String reason) {
    return new WhatIfAnswer(ref, Verdict.NO_ANSWER, reason, null, null, null, null, null);
  }
}
