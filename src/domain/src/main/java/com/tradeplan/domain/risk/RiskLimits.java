package com.tradeplan.domain.risk;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One layer's limits. Every field is optional: null means "this layer sets nothing", so the value
 * of another layer (or none at all) holds. A set value is always &gt; 0. Money in the account's
 * currency, quantities in shares, times in the unit their name ends with.
 *
 * <p>Which aggregate a limit binds depends on the layer it is read for: {@link LimitLayers}
 * combines the layers, the broker's risk check counts the aggregates. Only entries are ever
 * checked: an exit (stop, target, flatten) is never refused by a limit.
 *
 * <p>Callers name each limit they set through {@link #builder()}: twenty-one positional arguments,
 * most of them null, are too easy to shift by one.
 *
 * @param maxOrderQuantity the largest entry, in shares
 * @param maxOrderNotional the largest entry's value (quantity times its price, or the last price)
 * @param maxPositionPerSymbol the largest position on one symbol, open plus working entries, shares
 * @param maxPositionTotal the largest sum over symbols of positions plus working entries, shares
 * @param maxOpenNotional the largest value of open positions (at entry price) plus working entries
 * @param ordersPerSecond entries per second of one user, or one account
 * @param orderBurst entries allowed at once above the rate (the token bucket's size)
 * @param platformOrdersPerSecond entries per second of the whole platform (PLATFORM layer only)
 * @param priceCollarPercent how far a priced entry may be from the last price, in percent
 * @param priceCollarTicks how far a priced entry may be from the last price, in ticks
 * @param maxDailyLoss the realized loss of the trading day (a positive amount) that blocks entries
 * @param stopLossCooldownSeconds how long after a stop filled no entry goes on that symbol
 * @param entryStaggerMillis the least time between two entries on one symbol
 * @param maxOpenPlans the most live plans of one user (checked at activation, before storing)
 * @param maxLossPerTrade the loss of one open trade (realized plus unrealized at the last price,
 *     after commissions; a positive amount) at which the trade is exited
 * @param maxCumulativeLoss the realized loss of one user over every trade recorded (a positive
 *     amount) that blocks their entries
 * @param maxHoldingSeconds how long a trade may stay in the market before it is exited
 * @param flattenOnLossLimit true: reaching the daily or the cumulative loss limit also flattens the
 *     holder's open positions (the kill switch with flatten), not only blocks entries
 * @param maxOpenRisk an account's threshold of open risk: the sum over its live plans of position
 *     times the distance to the active stop (ACCOUNT, or PLATFORM as every account's default; read
 *     by the portfolio risk rebalancer, docs/risk.md)
 * @param maxGrossExposure an account's threshold of gross exposure: the sum over its live plans of
 *     position times the last price (ACCOUNT or PLATFORM, as {@code maxOpenRisk})
 * @param priceTiers the largest entry by the price band it is entered at, in shares and in value (a
 *     tier table, {@link PriceTiers}; any layer; combined band by band, tightest wins)
 */
public record RiskLimits(
    Long maxOrderQuantity,
    BigDecimal maxOrderNotional,
    Long maxPositionPerSymbol,
    Long maxPositionTotal,
    BigDecimal maxOpenNotional,
    Integer ordersPerSecond,
    Integer orderBurst,
    Integer platformOrdersPerSecond,
    BigDecimal priceCollarPercent,
    Integer priceCollarTicks,
    BigDecimal maxDailyLoss,
    Long stopLossCooldownSeconds,
    Long entryStaggerMillis,
    Integer maxOpenPlans,
    BigDecimal maxLossPerTrade,
    BigDecimal maxCumulativeLoss,
    Long maxHoldingSeconds,
    Boolean flattenOnLossLimit,
    BigDecimal maxOpenRisk,
    BigDecimal maxGrossExposure,
    PriceTiers priceTiers) {

  /** A layer that sets nothing. */
  public static final RiskLimits NONE = builder().build();

  /** The longest cooldown or stagger: the risk check remembers entry and stop times a day. */
  public static final long DAY_SECONDS = 86_400;

  /** The limits a PLAN layer may set: those of one order. */
  public static final Set<String> PLAN_FIELDS =
      Set.of(
          "maxOrderQuantity",
          "maxOrderNotional",
          "priceCollarPercent",
          "priceCollarTicks",
          "maxLossPerTrade",
          "maxHoldingSeconds",
          "priceTiers");

  /** The longest holding time a limit may set: a year. */
  public static final long HOLDING_SECONDS_MAX = 366 * DAY_SECONDS;

  /**
   * What is wrong with this set for {@code scope}, one sentence per field (empty: it may be
   * stored). A value must be &gt; 0; a limit the scope cannot hold must be unset.
   */
  public List<String> errorsFor(LimitScope scope) {
    List<String> errors = new ArrayList<>();
    positive(errors, "maxOrderQuantity", maxOrderQuantity);
    positive(errors, "maxOrderNotional", maxOrderNotional);
    positive(errors, "maxPositionPerSymbol", maxPositionPerSymbol);
    positive(errors, "maxPositionTotal", maxPositionTotal);
    positive(errors, "maxOpenNotional", maxOpenNotional);
    positive(errors, "ordersPerSecond", ordersPerSecond);
    positive(errors, "orderBurst", orderBurst);
    positive(errors, "platformOrdersPerSecond", platformOrdersPerSecond);
    positive(errors, "priceCollarPercent", priceCollarPercent);
    positive(errors, "priceCollarTicks", priceCollarTicks);
    positive(errors, "maxDailyLoss", maxDailyLoss);
    positive(errors, "stopLossCooldownSeconds", stopLossCooldownSeconds);
    positive(errors, "entryStaggerMillis", entryStaggerMillis);
    positive(errors, "maxOpenPlans", maxOpenPlans);
    positive(errors, "maxLossPerTrade", maxLossPerTrade);
    positive(errors, "maxCumulativeLoss", maxCumulativeLoss);
    positive(errors, "maxHoldingSeconds", maxHoldingSeconds);
    if (maxHoldingSeconds != null && maxHoldingSeconds > HOLDING_SECONDS_MAX) {
      errors.add("maxHoldingSeconds: at most " + HOLDING_SECONDS_MAX + " (a year)");
    }
    if (scope == LimitScope.ACCOUNT && maxCumulativeLoss != null) {
      errors.add("maxCumulativeLoss: the cumulative loss is counted per user, not per account");
    }
    positive(errors, "maxOpenRisk", maxOpenRisk);
    positive(errors, "maxGrossExposure", maxGrossExposure);
    if (priceTiers != null) {
      errors.addAll(priceTiers.errors("priceTiers"));
    }
    if ((scope == LimitScope.USER || scope == LimitScope.PLAN)
        && (maxOpenRisk != null || maxGrossExposure != null)) {
      errors.add(
          (maxOpenRisk != null ? "maxOpenRisk" : "maxGrossExposure")
              + ": the rebalancer's thresholds are an account's (ACCOUNT, or PLATFORM as the"
              + " default of every account)");
    }
    if (stopLossCooldownSeconds != null && stopLossCooldownSeconds > DAY_SECONDS) {
      errors.add("stopLossCooldownSeconds: at most " + DAY_SECONDS + " (a day)");
    }
    if (entryStaggerMillis != null && entryStaggerMillis > DAY_SECONDS * 1000) {
      errors.add("entryStaggerMillis: at most " + DAY_SECONDS * 1000 + " (a day)");
    }
    if (scope != LimitScope.PLATFORM && platformOrdersPerSecond != null) {
      errors.add("platformOrdersPerSecond: only the PLATFORM layer sets the platform's rate");
    }
    if (scope == LimitScope.ACCOUNT && maxOpenPlans != null) {
      errors.add("maxOpenPlans: open plans are counted per user, not per account");
    }
    if (scope == LimitScope.PLAN) {
      for (String field : setFields()) {
        if (!PLAN_FIELDS.contains(field)) {
          errors.add(field + ": a PLAN layer sets only the limits of one order " + PLAN_FIELDS);
        }
      }
    }
    return errors;
  }

  /** The names of the fields this set sets. */
  public List<String> setFields() {
    List<String> out = new ArrayList<>();
    addIfSet(out, "maxOrderQuantity", maxOrderQuantity);
    addIfSet(out, "maxOrderNotional", maxOrderNotional);
    addIfSet(out, "maxPositionPerSymbol", maxPositionPerSymbol);
    addIfSet(out, "maxPositionTotal", maxPositionTotal);
    addIfSet(out, "maxOpenNotional", maxOpenNotional);
    addIfSet(out, "ordersPerSecond", ordersPerSecond);
    addIfSet(out, "orderBurst", orderBurst);
    addIfSet(out, "platformOrdersPerSecond", platformOrdersPerSecond);
    addIfSet(out, "priceCollarPercent", priceCollarPercent);
    addIfSet(out, "priceCollarTicks", priceCollarTicks);
    addIfSet(out, "maxDailyLoss", maxDailyLoss);
    addIfSet(out, "stopLossCooldownSeconds", stopLossCooldownSeconds);
    addIfSet(out, "entryStaggerMillis", entryStaggerMillis);
    addIfSet(out, "maxOpenPlans", maxOpenPlans);
    addIfSet(out, "maxLossPerTrade", maxLossPerTrade);
    addIfSet(out, "maxCumulativeLoss", maxCumulativeLoss);
    addIfSet(out, "maxHoldingSeconds", maxHoldingSeconds);
    addIfSet(out, "flattenOnLossLimit", flattenOnLossLimit);
    addIfSet(out, "maxOpenRisk", maxOpenRisk);
    addIfSet(out, "maxGrossExposure", maxGrossExposure);
    addIfSet(out, "priceTiers", priceTiers);
    return out;
  }

  /**
   * This set tightened by {@code inner}: for each limit the tighter of the two values (the smaller
   * maximum; the longer cooldown and stagger; flatten when either flattens), a value only one of
   * them sets as it is.
   */
  public RiskLimits tightenedBy(RiskLimits inner) {
    if (inner == null || inner == NONE) {
      return this;
    }
    if (this == NONE) {
      return inner;
    }
    return builder()
        .maxOrderQuantity(min(maxOrderQuantity, inner.maxOrderQuantity))
        .maxOrderNotional(min(maxOrderNotional, inner.maxOrderNotional))
        .maxPositionPerSymbol(min(maxPositionPerSymbol, inner.maxPositionPerSymbol))
        .maxPositionTotal(min(maxPositionTotal, inner.maxPositionTotal))
        .maxOpenNotional(min(maxOpenNotional, inner.maxOpenNotional))
        .ordersPerSecond(min(ordersPerSecond, inner.ordersPerSecond))
        .orderBurst(min(orderBurst, inner.orderBurst))
        .platformOrdersPerSecond(min(platformOrdersPerSecond, inner.platformOrdersPerSecond))
        .priceCollarPercent(min(priceCollarPercent, inner.priceCollarPercent))
        .priceCollarTicks(min(priceCollarTicks, inner.priceCollarTicks))
        .maxDailyLoss(min(maxDailyLoss, inner.maxDailyLoss))
        .stopLossCooldownSeconds(max(stopLossCooldownSeconds, inner.stopLossCooldownSeconds))
        .entryStaggerMillis(max(entryStaggerMillis, inner.entryStaggerMillis))
        .maxOpenPlans(min(maxOpenPlans, inner.maxOpenPlans))
        .maxLossPerTrade(min(maxLossPerTrade, inner.maxLossPerTrade))
        .maxCumulativeLoss(min(maxCumulativeLoss, inner.maxCumulativeLoss))
        .maxHoldingSeconds(min(maxHoldingSeconds, inner.maxHoldingSeconds))
        .flattenOnLossLimit(max(flattenOnLossLimit, inner.flattenOnLossLimit))
        .maxOpenRisk(min(maxOpenRisk, inner.maxOpenRisk))
        .maxGrossExposure(min(maxGrossExposure, inner.maxGrossExposure))
        .priceTiers(
            priceTiers == null ? inner.priceTiers : priceTiers.tightenedBy(inner.priceTiers))
        .build();
  }

  /** A builder with every limit unset. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Names each limit it sets; a limit never set (or set to null) stays unset. Values are not
   * checked here: {@link #errorsFor} says what a scope may store.
   */
  public static final class Builder {
    private Long maxOrderQuantity;
    private BigDecimal maxOrderNotional;
    private Long maxPositionPerSymbol;
    private Long maxPositionTotal;
    private BigDecimal maxOpenNotional;
    private Integer ordersPerSecond;
    private Integer orderBurst;
    private Integer platformOrdersPerSecond;
    private BigDecimal priceCollarPercent;
    private Integer priceCollarTicks;
    private BigDecimal maxDailyLoss;
    private Long stopLossCooldownSeconds;
    private Long entryStaggerMillis;
    private Integer maxOpenPlans;
    private BigDecimal maxLossPerTrade;
    private BigDecimal maxCumulativeLoss;
    private Long maxHoldingSeconds;
    private Boolean flattenOnLossLimit;
    private BigDecimal maxOpenRisk;
    private BigDecimal maxGrossExposure;
    private PriceTiers priceTiers;

    private Builder() {}

    public Builder maxOrderQuantity(Long value) {
      maxOrderQuantity = value;
      return this;
    }

    public Builder maxOrderNotional(BigDecimal value) {
      maxOrderNotional = value;
      return this;
    }

    public Builder maxPositionPerSymbol(Long value) {
      maxPositionPerSymbol = value;
      return this;
    }

    public Builder maxPositionTotal(Long value) {
      maxPositionTotal = value;
      return this;
    }

    public Builder maxOpenNotional(BigDecimal value) {
      maxOpenNotional = value;
      return this;
    }

    public Builder ordersPerSecond(Integer value) {
      ordersPerSecond = value;
      return this;
    }

    public Builder orderBurst(Integer value) {
      orderBurst = value;
      return this;
    }

    public Builder platformOrdersPerSecond(Integer value) {
      platformOrdersPerSecond = value;
      return this;
    }

    public Builder priceCollarPercent(BigDecimal value) {
      priceCollarPercent = value;
      return this;
    }

    public Builder priceCollarTicks(Integer value) {
      priceCollarTicks = value;
      return this;
    }

    public Builder maxDailyLoss(BigDecimal value) {
      maxDailyLoss = value;
      return this;
    }

    public Builder stopLossCooldownSeconds(Long value) {
      stopLossCooldownSeconds = value;
      return this;
    }

    public Builder entryStaggerMillis(Long value) {
      entryStaggerMillis = value;
      return this;
    }

    public Builder maxOpenPlans(Integer value) {
      maxOpenPlans = value;
      return this;
    }

    public Builder maxLossPerTrade(BigDecimal value) {
      maxLossPerTrade = value;
      return this;
    }

    public Builder maxCumulativeLoss(BigDecimal value) {
      maxCumulativeLoss = value;
      return this;
    }

    public Builder maxHoldingSeconds(Long value) {
      maxHoldingSeconds = value;
      return this;
    }

    public Builder flattenOnLossLimit(Boolean value) {
      flattenOnLossLimit = value;
      return this;
    }

    public Builder maxOpenRisk(BigDecimal value) {
      maxOpenRisk = value;
      return this;
    }

    public Builder maxGrossExposure(BigDecimal value) {
      maxGrossExposure = value;
      return this;
    }

    public Builder priceTiers(PriceTiers value) {
      priceTiers = value;
      return this;
    }

    public RiskLimits build() {
      return new RiskLimits(
          maxOrderQuantity,
          maxOrderNotional,
          maxPositionPerSymbol,
          maxPositionTotal,
          maxOpenNotional,
          ordersPerSecond,
          orderBurst,
          platformOrdersPerSecond,
          priceCollarPercent,
          priceCollarTicks,
          maxDailyLoss,
          stopLossCooldownSeconds,
          entryStaggerMillis,
          maxOpenPlans,
          maxLossPerTrade,
          maxCumulativeLoss,
          maxHoldingSeconds,
          flattenOnLossLimit,
          maxOpenRisk,
          maxGrossExposure,
          priceTiers);
    }
  }

  private static <T extends Comparable<T>> T min(T a, T b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static <T extends Comparable<T>> T max(T a, T b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static void positive(List<String> errors, String field, Number value) {
    if (value == null) {
      return;
    }
    boolean positive = value instanceof BigDecimal d ? d.signum() > 0 : value.longValue() > 0;
    if (!positive) {
      errors.add(field + ": must be > 0 (leave it unset for no limit at this layer)");
    }
  }

  private static void addIfSet(List<String> out, String field, Object value) {
    if (value != null) {
      out.add(field);
    }
  }
}
