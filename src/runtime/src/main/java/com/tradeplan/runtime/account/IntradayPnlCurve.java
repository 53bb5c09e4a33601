package com.tradeplan.runtime.account;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each trader's P&amp;L through the trading day, one sample per minute: the realized P&amp;L of the
 * day (after commissions) and the unrealized P&amp;L, as {@link AccountBook} computed them at that
 * moment ({@link AccountSummary}). It computes nothing: it keeps what it is given.
 *
 * <p>Samples come from every account read ({@code GET /api/account}, the server's per-minute
 * sampler of the traders already here today): a second read in the same minute replaces that
 * minute's sample, so the last sample is always the latest figure. A summary of a new trading day
 * starts the trader's curve again.
 *
 * <p>Bounded: at most {@link #SAMPLES_MAX} samples per trader (a whole day of minutes; at the bound
 * the oldest goes) and {@link #USERS_MAX} traders (past it the trader sampled least recently is
 * forgotten, and starts again at their next read). Thread-safe (one lock; a sample is a few field
 * writes).
 */
public final class IntradayPnlCurve {
  public static final int SAMPLES_MAX = 1_440;
  public static final int USERS_MAX = 1_000;

  /** One minute's figures: {@code minute} is the start of the minute the sample was taken in. */
  public record Sample(Instant minute, BigDecimal realizedToday, BigDecimal unrealized) {
    /** Realized today plus unrealized. */
    public BigDecimal total() {
      return realizedToday.add(unrealized);
    }
  }

  /** One trader's curve of {@code tradingDay}, oldest first. */
  public record Curve(LocalDate tradingDay, List<Sample> samples) {}

  private static final class Day {
    LocalDate tradingDay;
    final ArrayDeque<Sample> samples = new ArrayDeque<>();
  }

  private final Map<String, Day> byUser =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Day> eldest) {
          return size() > USERS_MAX;
        }
      };

  /** Keeps {@code a}'s figures as the sample of the minute of {@code a.asOf()}. */
  public synchronized void record(AccountSummary a) {
    Day d = byUser.computeIfAbsent(a.user(), u -> new Day());
    if (!a.tradingDay().equals(d.tradingDay)) {
      d.tradingDay = a.tradingDay();
      d.samples.clear();
    }
    Instant minute = Instant.ofEpochSecond(Math.floorDiv(a.asOf().getEpochSecond(), 60) * 60);
    Sample s = new Sample(minute, a.today().realizedPnl(), a.unrealizedPnl());
    Sample last = d.samples.peekLast();
    if (last != null && !minute.isAfter(last.minute())) {
      d.samples.removeLast();
      s = new Sample(last.minute(), s.realizedToday(), s.unrealized());
    }
    d.samples.addLast(s);
    while (d.samples.size() > SAMPLES_MAX) {
      d.samples.removeFirst();
    }
  }

  /** The trader's curve of the day of their last sample, or an empty one of {@code day}. */
  public synchronized Curve curve(String user, LocalDate day) {
    Day d = byUser.get(user);
    if (d == null || !day.equals(d.tradingDay)) {
      return new Curve(day, List.of());
    }
    return new Curve(d.tradingDay, List.copyOf(d.samples));
  }

  /** The traders with a curve, for the per-minute sampler (at most {@link #USERS_MAX}). */
  public synchronized List<String> users() {
    return new ArrayList<>(byUser.keySet());
  }
}
