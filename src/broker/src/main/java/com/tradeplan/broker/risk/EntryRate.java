package com.tradeplan.broker.risk;

import com.tradeplan.domain.risk.RiskLimits;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.function.IntSupplier;

/**
 * Entries per second of one holder (a user, an account, the platform): a token bucket of {@code
 * burst} tokens refilled at {@code perSecond}, on times the caller passes (so tests move time),
 * plus the times of the latest entries let through, to say in a refusal how many came in the last
 * second. Bounded: it keeps at most {@code burst + perSecond} times (the most a one-second window
 * can hold), and never more than {@link #RECENT_MAX}: above that a refusal's count stops there. Not
 * thread-safe: {@link EntryLimits} holds its lock around every call.
 */
final class EntryRate {
  private static final long SECOND_NANOS = 1_000_000_000L;

  /** The most entry times kept per holder: a refusal counts the last second's up to this. */
  static final int RECENT_MAX = 1_024;

  final int perSecond;
  final int burst;

  /** The cluster members the platform's rate is shared by (1 for a user's or an account's). */
  final int members;

  private final double refillPerSecond;
  private final double capacity;
  private double tokens;
  private long refilledNanos;
  private final long[] recent;
  private int next;
  private int count;

  EntryRate(int perSecond, int burst, long nowNanos) {
    this(perSecond, burst, 1, nowNanos);
  }

  /**
   * This member's share of a rate shared by {@code members}: refilled at {@code perSecond /
   * members} up to {@code burst / members} tokens, but at least one (else a member whose share is
   * under one entry could never send one). See docs/risk.md, "The platform's rate in a cluster".
   */
  private EntryRate(int perSecond, int burst, int members, long nowNanos) {
    this.perSecond = perSecond;
    this.burst = burst;
    this.members = members;
    this.refillPerSecond = (double) perSecond / members;
    this.capacity = Math.max(1.0, (double) burst / members);
    this.tokens = capacity;
    this.refilledNanos = nowNanos;
    this.recent = new long[Math.min(perSecond + burst, RECENT_MAX)];
  }

  /** 0 when an entry may go now (nothing taken); else the entries in the last second with it. */
  int refusedAt(long nowNanos) {
    refill(nowNanos);
    if (tokens >= 1) {
      return 0;
    }
    int inLastSecond = 1;
    for (int i = 0; i < count; i++) {
      if (nowNanos - recent[i] < SECOND_NANOS) {
        inLastSecond++;
      }
    }
    return inLastSecond;
  }

  /** Takes the token of an entry that {@link #refusedAt} let go. */
  void take(long nowNanos) {
    refill(nowNanos);
    tokens -= 1;
    recent[next] = nowNanos;
    next = (next + 1) % recent.length;
    count = Math.min(count + 1, recent.length);
  }

  /** Takes the token of an entry from {@code rate} when there is a bucket (null: no limit). */
  static void takeFrom(EntryRate rate, long nowNanos) {
    if (rate != null) {
      rate.take(nowNanos);
    }
  }

  private void refill(long nowNanos) {
    if (nowNanos > refilledNanos) {
      tokens = Math.min(capacity, tokens + (nowNanos - refilledNanos) * (refillPerSecond / 1e9));
      refilledNanos = nowNanos;
    }
  }

  /**
   * The refusal of {@code holder}'s rate ({@code limits.ordersPerSecond}, burst {@code orderBurst}
   * or the rate), or null; (re)makes the holder's bucket when its limits changed.
   */
  static String refusal(RiskLimits limits, Exposure holder, String what, long nowNanos) {
    Integer perSecond = limits.ordersPerSecond();
    if (perSecond == null) {
      holder.rate = null;
      return null;
    }
    int burst = limits.orderBurst() == null ? perSecond : limits.orderBurst();
    if (holder.rate == null || holder.rate.perSecond != perSecond || holder.rate.burst != burst) {
      holder.rate = new EntryRate(perSecond, burst, nowNanos);
    }
    int refusedAt = holder.rate.refusedAt(nowNanos);
    return refusedAt == 0
        ? null
        : "order rate limit "
            + perSecond
            + "/s (burst "
            + burst
            + ") for "
            + what
            + " "
            + holder.name
            + " reached ("
            + refusedAt
            + " entries in the last second with this one)";
  }

  /**
   * The platform's bucket on this member for {@code perSecond} (null: no platform rate, and the
   * members are not asked) shared by the cluster's members now: {@code current} while neither
   * changed, else a new one.
   */
  static EntryRate platformShare(
      EntryRate current, Integer perSecond, IntSupplier members, long nowNanos) {
    if (perSecond == null) {
      return null;
    }
    int n = Math.max(1, members.getAsInt());
    return current != null && current.perSecond == perSecond && current.members == n
        ? current
        : new EntryRate(perSecond, perSecond, n, nowNanos);
  }

  static String platformRefusal(EntryRate platform, long nowNanos) {
    int refusedAt = platform.refusedAt(nowNanos);
    if (refusedAt == 0) {
      return null;
    }
    String share =
        platform.members == 1
            ? ""
            : ", this member's share "
                + BigDecimal.valueOf(platform.perSecond)
                    .divide(BigDecimal.valueOf(platform.members), 2, RoundingMode.DOWN)
                    .stripTrailingZeros()
                    .toPlainString()
                + "/s of "
                + platform.members
                + " members,";
    return "platform order rate limit "
        + platform.perSecond
        + "/s"
        + share
        + " reached ("
        + refusedAt
        + " entries in the last second with this one)";
  }
}
