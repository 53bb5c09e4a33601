package com.tradeplan.domain.commission;

import com.tradeplan.domain.Decimals;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Objects;

/**
 * The commission of one order, as a function of the shares it has filled so far and their trade
 * value (the sum of price x quantity over its fills). IB prices an order, not a fill: a fill is
 * charged what it adds to its order's commission ({@link #fillCommission}), so the fills of one
 * order add up to the order's price, and a minimum is paid once per order, never per fill (100
 * shares in three fills under IB fixed: $1.00, $0, $0).
 *
 * <p>Every model is non-decreasing in shares and in value, so no fill is ever charged a negative
 * amount. Pure functions of their arguments: the same order always costs the same, which is what
 * lets a simulation and a paper-gateway run of the same ticks agree to the cent.
 */
public sealed interface CommissionModel {
  /** Decimals an IB commission is kept with (IB reports fractions of a cent). */
  int IB_SCALE = 4;

  /** No commission at all: the simulator's default (simulator-io.md, commission per share 0). */
  CommissionModel NONE = new PerShare(BigDecimal.ZERO);

  /** IB Pro fixed as published: $0.005 a share, at least $1.00, at most 1% of trade value. */
  CommissionModel IB_FIXED =
      new IbFixed(new BigDecimal("0.005"), new BigDecimal("1.00"), new BigDecimal("0.01"));

  /** IB Pro tiered, first volume tier, no exchange or regulatory fees added. */
  CommissionModel IB_TIERED = IbTiered.standard(0, BigDecimal.ZERO);

  /**
   * The commission of an order that has filled {@code shares} shares (whole for stocks; the paper
   * gateway's wire allows fractions) worth {@code tradeValue} in all; zero for zero shares.
   */
  BigDecimal orderCommission(BigDecimal shares, BigDecimal tradeValue);

  /** How the model is written on a command line or in a scenario file ({@link #parse}). */
  String spec();

  /**
   * What one fill is charged: what it adds to its order's commission. {@code sharesBefore} and
   * {@code valueBefore} are the order's fills before this one (both zero for its first fill).
   */
  default BigDecimal fillCommission(
      BigDecimal sharesBefore,
      BigDecimal valueBefore,
      BigDecimal fillShares,
      BigDecimal fillPrice) {
    BigDecimal fillValue = fillPrice.multiply(fillShares, Decimals.MATH);
    BigDecimal after =
        orderCommission(sharesBefore.add(fillShares), valueBefore.add(fillValue, Decimals.MATH));
    return after.subtract(orderCommission(sharesBefore, valueBefore), Decimals.MATH);
  }

  /**
   * A plain rate per share, no minimum, no cap, never rounded: the simulator's historical model
   * ({@code --commission-per-share X}).
   */
  record PerShare(BigDecimal ratePerShare) implements CommissionModel {
    public PerShare {
      requireNonNegative(ratePerShare, "ratePerShare");
    }

    @Override
    public BigDecimal orderCommission(BigDecimal shares, BigDecimal tradeValue) {
      return ratePerShare.multiply(shares, Decimals.MATH);
    }

    @Override
    public String spec() {
      return "per-share:" + ratePerShare.toPlainString();
    }
  }

  /**
   * IB Pro fixed: {@code ratePerShare} a share, at least {@code minimumPerOrder}, at most {@code
   * capFractionOfValue} of the trade value (the cap wins over the minimum: 100 shares at $0.50 pay
   * 1% of $50, $0.50). Exchange and regulatory fees are included in IB's fixed rate. Rounded
   * half-even to 4 decimals.
   */
  record IbFixed(BigDecimal ratePerShare, BigDecimal minimumPerOrder, BigDecimal capFractionOfValue)
      implements CommissionModel {
    public IbFixed {
      requireNonNegative(ratePerShare, "ratePerShare");
      requireNonNegative(minimumPerOrder, "minimumPerOrder");
      requireNonNegative(capFractionOfValue, "capFractionOfValue");
    }

    @Override
    public BigDecimal orderCommission(BigDecimal shares, BigDecimal tradeValue) {
      return clamp(shares, tradeValue, ratePerShare, minimumPerOrder, capFractionOfValue);
    }

    @Override
    public String spec() {
      return IB_FIXED.equals(this)
          ? "ib-fixed"
          : "ib-fixed:rate="
              + ratePerShare.toPlainString()
              + ",min="
              + minimumPerOrder.toPlainString()
              + ",cap="
              + capFractionOfValue.toPlainString();
    }
  }

  /**
   * IB Pro tiered: the per-share rate of the tier that {@code monthlyVolumeShares} (the shares
   * traded this month before the order) falls in, at least {@code minimumPerOrder}, at most {@code
   * capFractionOfValue} of the trade value; then {@code feesPerShare} (exchange, clearing and
   * regulatory fees, which IB passes through on top of the tiered commission) for every share.
   * Rounded half-even to 4 decimals.
   */
  record IbTiered(
      List<VolumeTier> tiers,
      long monthlyVolumeShares,
      BigDecimal minimumPerOrder,
      BigDecimal capFractionOfValue,
      BigDecimal feesPerShare)
      implements CommissionModel {
    /** IB's published US stock tiers: shares a month up to {@code upToShares} pay the rate. */
    public static final List<VolumeTier> IB_TIERS =
        List.of(
            new VolumeTier(300_000, new BigDecimal("0.0035")),
            new VolumeTier(3_000_000, new BigDecimal("0.0020")),
            new VolumeTier(20_000_000, new BigDecimal("0.0015")),
            new VolumeTier(100_000_000, new BigDecimal("0.0010")),
            new VolumeTier(Long.MAX_VALUE, new BigDecimal("0.0005")));

    public IbTiered {
      tiers = List.copyOf(tiers);
      if (tiers.isEmpty() || tiers.get(tiers.size() - 1).upToShares() != Long.MAX_VALUE) {
        throw new IllegalArgumentException("the last tier must be open-ended: " + tiers);
      }
      for (int i = 1; i < tiers.size(); i++) {
        if (tiers.get(i).upToShares() <= tiers.get(i - 1).upToShares()) {
          throw new IllegalArgumentException("tiers must rise: " + tiers);
        }
      }
      if (monthlyVolumeShares < 0) {
        throw new IllegalArgumentException("monthlyVolumeShares must be >= 0");
      }
      requireNonNegative(minimumPerOrder, "minimumPerOrder");
      requireNonNegative(capFractionOfValue, "capFractionOfValue");
      requireNonNegative(feesPerShare, "feesPerShare");
    }

    /** IB's tiers, $0.35 minimum, 1% cap, at the given month's volume and fees per share. */
    public static IbTiered standard(long monthlyVolumeShares, BigDecimal feesPerShare) {
      return new IbTiered(
          IB_TIERS,
          monthlyVolumeShares,
          new BigDecimal("0.35"),
          new BigDecimal("0.01"),
          feesPerShare);
    }

    /** The per-share rate of the month's tier. */
    public BigDecimal ratePerShare() {
      for (VolumeTier t : tiers) {
        if (monthlyVolumeShares <= t.upToShares()) {
          return t.ratePerShare();
        }
      }
      throw new IllegalStateException("the last tier is open-ended");
    }

    @Override
    public BigDecimal orderCommission(BigDecimal shares, BigDecimal tradeValue) {
      BigDecimal fees = feesPerShare.multiply(shares, Decimals.MATH);
      return clamp(shares, tradeValue, ratePerShare(), minimumPerOrder, capFractionOfValue)
          .add(fees.setScale(IB_SCALE, RoundingMode.HALF_EVEN));
    }

    @Override
    public String spec() {
      return "ib-tiered:volume=" + monthlyVolumeShares + ",fees=" + feesPerShare.toPlainString();
    }
  }

  /** One volume tier: a month's shares up to {@code upToShares} (inclusive) pay the rate. */
  record VolumeTier(long upToShares, BigDecimal ratePerShare) {
    public VolumeTier {
      requireNonNegative(ratePerShare, "ratePerShare");
    }
  }

  /**
   * Reads a model as written on the command line: {@code none}, {@code per-share:X}, {@code
   * ib-fixed}, {@code ib-fixed:rate=X,min=Y,cap=Z}, {@code ib-tiered} or {@code
   * ib-tiered:volume=N,fees=X} (any of the parameters may be left out). Throws {@link
   * IllegalArgumentException} naming what is wrong.
   */
  static CommissionModel parse(String spec) {
    return CommissionSpec.parse(spec);
  }

  private static void requireNonNegative(BigDecimal v, String name) {
    Objects.requireNonNull(v, name);
    if (v.signum() < 0) {
      throw new IllegalArgumentException(name + " must be >= 0: " + v.toPlainString());
    }
  }

  /** min(max(rate x shares, minimum), cap x value), rounded half-even to 4 decimals; 0 for 0. */
  private static BigDecimal clamp(
      BigDecimal shares, BigDecimal value, BigDecimal rate, BigDecimal minimum, BigDecimal cap) {
    if (shares.signum() == 0) {
      return BigDecimal.ZERO.setScale(IB_SCALE);
    }
    BigDecimal c = rate.multiply(shares, Decimals.MATH).max(minimum);
    c = c.min(cap.multiply(value, Decimals.MATH));
    return c.setScale(IB_SCALE, RoundingMode.HALF_EVEN);
  }
}
