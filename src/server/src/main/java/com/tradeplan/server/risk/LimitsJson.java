package com.tradeplan.server.risk;

import com.tradeplan.domain.plan.FieldError;
import com.tradeplan.domain.risk.PriceBandTier;
import com.tradeplan.domain.risk.PriceTiers;
import com.tradeplan.domain.risk.RiskLimits;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * One layer's limits as JSON: every field optional (absent: not set at this layer); money and
 * percentages as decimal strings, as prices are elsewhere in the API.
 */
public record LimitsJson(
    Long maxOrderQuantity,
    String maxOrderNotional,
    Long maxPositionPerSymbol,
    Long maxPositionTotal,
    String maxOpenNotional,
    Integer ordersPerSecond,
    Integer orderBurst,
    Integer platformOrdersPerSecond,
    String priceCollarPercent,
    Integer priceCollarTicks,
    String maxDailyLoss,
    Long stopLossCooldownSeconds,
    Long entryStaggerMillis,
    Integer maxOpenPlans,
    String maxLossPerTrade,
    String maxCumulativeLoss,
    Long maxHoldingSeconds,
    Boolean flattenOnLossLimit,
    String maxOpenRisk,
    String maxGrossExposure,
    List<BandJson> priceTiers) {

  /** One price band of the tier table: prices and the value as decimal strings. */
  public record BandJson(String fromPrice, String belowPrice, Long maxShares, String maxNotional) {}

  static LimitsJson of(RiskLimits l) {
    return new LimitsJson(
        l.maxOrderQuantity(),
        text(l.maxOrderNotional()),
        l.maxPositionPerSymbol(),
        l.maxPositionTotal(),
        text(l.maxOpenNotional()),
        l.ordersPerSecond(),
        l.orderBurst(),
        l.platformOrdersPerSecond(),
        text(l.priceCollarPercent()),
        l.priceCollarTicks(),
        text(l.maxDailyLoss()),
        l.stopLossCooldownSeconds(),
        l.entryStaggerMillis(),
        l.maxOpenPlans(),
        text(l.maxLossPerTrade()),
        text(l.maxCumulativeLoss()),
        l.maxHoldingSeconds(),
        l.flattenOnLossLimit(),
        text(l.maxOpenRisk()),
        text(l.maxGrossExposure()),
        l.priceTiers() == null
            ? null
            : l.priceTiers().bands().stream()
                .map(
                    b ->
                        new BandJson(
                            text(b.fromPrice()),
                            text(b.belowPrice()),
                            b.maxShares(),
                            text(b.maxNotional())))
                .toList());
  }

  /** The limits, or the fields whose text is not a plain decimal (added to {@code errors}). */
  RiskLimits toLimits(List<FieldError> errors) {
    return toLimits("limits", errors);
  }

  /**
   * The limits, or the fields whose text is not a plain decimal, each named {@code at.<field>}
   * (added to {@code errors}).
   */
  public RiskLimits toLimits(String at, List<FieldError> errors) {
    return RiskLimits.builder()
        .maxOrderQuantity(maxOrderQuantity)
        .maxOrderNotional(decimal(at + ".maxOrderNotional", maxOrderNotional, errors))
        .maxPositionPerSymbol(maxPositionPerSymbol)
        .maxPositionTotal(maxPositionTotal)
        .maxOpenNotional(decimal(at + ".maxOpenNotional", maxOpenNotional, errors))
        .ordersPerSecond(ordersPerSecond)
        .orderBurst(orderBurst)
        .platformOrdersPerSecond(platformOrdersPerSecond)
        .priceCollarPercent(decimal(at + ".priceCollarPercent", priceCollarPercent, errors))
        .priceCollarTicks(priceCollarTicks)
        .maxDailyLoss(decimal(at + ".maxDailyLoss", maxDailyLoss, errors))
        .stopLossCooldownSeconds(stopLossCooldownSeconds)
        .entryStaggerMillis(entryStaggerMillis)
        .maxOpenPlans(maxOpenPlans)
        .maxLossPerTrade(decimal(at + ".maxLossPerTrade", maxLossPerTrade, errors))
        .maxCumulativeLoss(decimal(at + ".maxCumulativeLoss", maxCumulativeLoss, errors))
        .maxHoldingSeconds(maxHoldingSeconds)
        .flattenOnLossLimit(flattenOnLossLimit)
        .maxOpenRisk(decimal(at + ".maxOpenRisk", maxOpenRisk, errors))
        .maxGrossExposure(decimal(at + ".maxGrossExposure", maxGrossExposure, errors))
        .priceTiers(tiers(at, errors))
        .build();
  }

  /** The tier table (null: unset), or the bands' fields whose text is not a plain decimal. */
  private PriceTiers tiers(String at, List<FieldError> errors) {
    if (priceTiers == null) {
      return null;
    }
    if (priceTiers.size() > PriceTiers.BANDS_MAX) {
      errors.add(
          new FieldError(at + ".priceTiers", "at most " + PriceTiers.BANDS_MAX + " price bands"));
      return null;
    }
    List<PriceBandTier> bands = new ArrayList<>();
    for (int i = 0; i < priceTiers.size(); i++) {
      BandJson b = priceTiers.get(i);
      String band = at + ".priceTiers[" + i + "]";
      if (b == null) {
        errors.add(new FieldError(band, "a band is an object"));
        continue;
      }
      if (b.fromPrice() == null) {
        errors.add(
            new FieldError(band + ".fromPrice", "the band's lowest price, such as \"5.00\""));
      }
      bands.add(
          new PriceBandTier(
              decimal(band + ".fromPrice", b.fromPrice(), errors),
              decimal(band + ".belowPrice", b.belowPrice(), errors),
              b.maxShares(),
              decimal(band + ".maxNotional", b.maxNotional(), errors)));
    }
    return new PriceTiers(bands);
  }

  /**
   * A domain check's error ({@code "field: what is wrong"}, {@code RiskLimits.errorsFor}) as a
   * field error named {@code at.field} ({@code at} alone when it names no field).
   */
  public static FieldError fieldError(String at, String error) {
    int colon = error.indexOf(": ");
    return colon < 0
        ? new FieldError(at, error)
        : new FieldError(at + "." + error.substring(0, colon), error.substring(colon + 2));
  }

  private static String text(BigDecimal value) {
    return value == null ? null : value.toPlainString();
  }

  private static BigDecimal decimal(String field, String text, List<FieldError> errors) {
    if (text == null) {
      return null;
    }
    if (!text.matches("[0-9]{1,15}(\\.[0-9]{1,8})?")) {
      errors.add(new FieldError(field, "must be a plain decimal such as 2500.00"));
      return null;
    }
    return new BigDecimal(text);
  }
}
