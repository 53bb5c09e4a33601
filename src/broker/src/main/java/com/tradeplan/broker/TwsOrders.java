package com.tradeplan.broker;

import com.tradeplan.broker.tws.Contract;
import com.tradeplan.broker.tws.TwsOrder;
import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.plan.Instrument;
import java.math.BigDecimal;

/** How a Tradeplan instrument and order are written in TWS's terms (contract, order fields). */
final class TwsOrders {
  private TwsOrders() {}

  static Contract contract(Instrument instrument) {
    Contract c = Contract.stock(instrument.symbol(), instrument.exchange(), instrument.currency());
    c.secType = instrument.secType();
    return c;
  }

  /**
   * The placeOrder fields; the orderRef travels with it so IB's copy can be matched back. The
   * order's own account wins; an order without one goes to {@code defaultAccount} ({@code
   * IB_ACCOUNT}), and with neither the field stays empty (IB's single-account login decides).
   */
  static TwsOrder order(OrderRequest r, String timeInForce, String defaultAccount) {
    TwsOrder o = new TwsOrder();
    o.action = r.action().name();
    o.totalQuantity = BigDecimal.valueOf(r.quantity());
    o.orderType =
        switch (r.type()) {
          case MARKET -> "MKT";
          case LIMIT -> "LMT";
          case STOP -> "STP";
          case STOP_LIMIT -> "STP LMT";
        };
    o.lmtPrice = r.limitPrice();
    o.auxPrice = r.stopPrice();
    o.tif = timeInForce;
    o.account = emptyToNull(r.account() != null ? r.account() : defaultAccount);
    o.orderRef = r.ref().toString();
    o.transmit = true;
    return o;
  }

  /** The prefix of a whatIf order's orderRef: never a Tradeplan orderRef. */
  static final String WHAT_IF_REF_PREFIX = "whatif:";

  /**
   * The whatIf twin of the exit {@code r}: the same fields with the whatIf flag set, under the
   * orderRef {@code whatif:<ref>}. The only builder of a whatIf order: one without the flag would
   * be a real order IB works and fills.
   */
  static TwsOrder whatIf(OrderRequest r, String timeInForce, String defaultAccount) {
    TwsOrder o = order(r, timeInForce, defaultAccount);
    o.whatIf = Boolean.TRUE;
    o.orderRef = WHAT_IF_REF_PREFIX + r.ref();
    return o;
  }

  /** IB wants an absent account as no value, not as an empty one. */
  static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
