package com.tradeplan.testkit.risk;

import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.domain.risk.LimitLayers;
import com.tradeplan.domain.risk.LimitScope;
import com.tradeplan.domain.risk.RiskLimits;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/**
 * The load of the risk check's cost measurements (docs/benchmarks.md, "The risk check"): every
 * limit set at the platform and on each account, each far from binding, so that an entry that
 * passes runs every check and none refuses; symbols {@code S0, S1, ...} all last at 100.00; users'
 * market BUY entries of {@link #ENTRY_SHARES} shares, account {@code DU<user % accounts>}. One home
 * for what {@code RiskCheckBenchmark} (src/bench) and {@code EntryLimitsAllocationTest}
 * (src/broker) both load the check with.
 */
public final class RiskCheckLoad {
  /** The shares of every entry. */
  public static final long ENTRY_SHARES = 10;

  /** The last price of every symbol. */
  public static final BigDecimal LAST_PRICE = new BigDecimal("100.00");

  private RiskCheckLoad() {}

  /**
   * Every limit an entry is checked against, none binding the load: positions, notional, rates (the
   * user's, the account's, the platform's), the collar, the daily loss, the cooldown, a 1 ms
   * stagger, the open plans.
   */
  public static RiskLimits everyLimit() {
    return RiskLimits.builder()
        .maxOrderQuantity(10_000L)
        .maxOrderNotional(new BigDecimal("1000000"))
        .maxPositionPerSymbol(50_000L)
        .maxPositionTotal(1_000_000L)
        .maxOpenNotional(new BigDecimal("100000000"))
        .ordersPerSecond(1_000_000)
        .orderBurst(1_000_000)
        .platformOrdersPerSecond(1_000_000)
        .priceCollarPercent(new BigDecimal("5"))
        .priceCollarTicks(1_000)
        .maxDailyLoss(new BigDecimal("1000000"))
        .stopLossCooldownSeconds(60L)
        .entryStaggerMillis(1L)
        .maxOpenPlans(1_000)
        .build();
  }

  /**
   * The layers: {@link #everyLimit} and a cumulative loss at the platform (a user's limit only: an
   * ACCOUNT layer cannot set it), and {@link #everyLimit} on each of {@code accounts} accounts.
   */
  public static LimitLayers layers(int accounts) {
    RiskLimits every = everyLimit();
    LimitLayers layers =
        LimitLayers.of(
            every.tightenedBy(
                RiskLimits.builder().maxCumulativeLoss(new BigDecimal("10000000")).build()));
    for (int a = 0; a < accounts; a++) {
      layers = layers.with(LimitScope.ACCOUNT, account(a), every);
    }
    return layers;
  }

  /** The account of {@code user} among {@code accounts}: {@code DU<user % accounts>}. */
  public static String accountOf(int user, int accounts) {
    return account(user % accounts);
  }

  /** The symbols {@code S0 .. S<symbols - 1>}. */
  public static Instrument[] instruments(int symbols) {
    Instrument[] out = new Instrument[symbols];
    for (int s = 0; s < symbols; s++) {
      out[s] = Instrument.stock("S" + s);
    }
    return out;
  }

  /** The last price of each of {@code symbols} symbols: {@link #LAST_PRICE}. */
  public static Map<String, BigDecimal> lastPrices(int symbols) {
    Map<String, BigDecimal> last = new HashMap<>();
    for (int s = 0; s < symbols; s++) {
      last.put("S" + s, LAST_PRICE);
    }
    return last;
  }

  /**
   * A market BUY entry of {@link #ENTRY_SHARES} of {@code instrument}: attempt {@code attempt} of
   * the entry at {@code index} of {@code planId}, by {@code owner} in {@code account}.
   */
  public static OrderRequest entry(
      String planId, int index, int attempt, String owner, Instrument instrument, String account) {
    return OrderRequest.market(
            new OrderRef(planId, OrderRole.ENTRY, index, attempt),
            owner,
            instrument,
            OrderAction.BUY,
            ENTRY_SHARES,
            "risk check load")
        .withAccount(account);
  }

  private static String account(int a) {
    return "DU" + a;
  }
}
