package com.tradeplan.runtime.account;

import com.tradeplan.runtime.charts.ChartHistoryQueue;
import com.tradeplan.store.ChartHistory.PnlSample;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
 * <p>Stored as well ({@link ChartHistoryQueue}, off the caller's thread, bounded): each minute's
 * sample when the minute starts and again, with its last figures, when the next one starts. So
 * {@link #curve} answers the day's stored minutes merged with this member's (this member's win for
 * a minute both have): after a restart or a take-over the curve keeps the minutes sampled before
 * it, by whichever member sampled them. The minutes while no member sampled the trader stay empty.
 *
 * <p>Bounded: at most {@link #SAMPLES_MAX} samples per trader (a whole day of minutes; at the bound
 * the oldest goes) and {@link #USERS_MAX} traders in memory (past it the trader sampled least
 * recently is forgotten here, and starts again at their next read; their stored minutes stay). In
 * the store one sample per trader and minute, the earlier days deleted at the trader's first sample
 * of a new day. Thread-safe (one lock; a sample is a few field writes and at most two offers to a
 * queue that never waits).
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

  private final ChartHistoryQueue history;

  /** In memory only (no store). */
  public IntradayPnlCurve() {
    this(null);
  }

  /**
   * @param history where the minutes are stored and read back; null: memory only
   */
  public IntradayPnlCurve(ChartHistoryQueue history) {
    this.history = history;
  }

  /** Keeps {@code a}'s figures as the sample of the minute of {@code a.asOf()}. */
  public synchronized void record(AccountSummary a) {
    Day d = byUser.computeIfAbsent(a.user(), u -> new Day());
    boolean newDay = !a.tradingDay().equals(d.tradingDay);
    if (newDay) {
      d.tradingDay = a.tradingDay();
      d.samples.clear();
    }
    Instant minute = Instant.ofEpochSecond(Math.floorDiv(a.asOf().getEpochSecond(), 60) * 60);
    Sample s = new Sample(minute, a.today().realizedPnl(), a.unrealizedPnl());
    Sample last = d.samples.peekLast();
    if (last != null && !minute.isAfter(last.minute())) {
      d.samples.removeLast();
      s = new Sample(last.minute(), s.realizedToday(), s.unrealized());
    } else {
      store(a.user(), d.tradingDay, last, false); // the minute that ended, with its last figures
      store(a.user(), d.tradingDay, s, newDay);
    }
    d.samples.addLast(s);
    while (d.samples.size() > SAMPLES_MAX) {
      d.samples.removeFirst();
    }
  }

  private void store(String user, LocalDate day, Sample s, boolean newDay) {
    if (history != null && s != null) {
      history.offerPnlSample(
          user, day, new PnlSample(s.minute(), s.realizedToday(), s.unrealized()), newDay);
    }
  }

  /**
   * The trader's curve of {@code day}: the stored minutes and this member's, this member's for a
   * minute both have, the newest {@link #SAMPLES_MAX}. Reads the store on the caller's thread.
   */
  public Curve curve(String user, LocalDate day) {
    List<Sample> local;
    synchronized (this) {
      Day d = byUser.get(user);
      local = d == null || !day.equals(d.tradingDay) ? List.of() : List.copyOf(d.samples);
    }
    if (history == null) {
      return new Curve(day, local);
    }
    TreeMap<Instant, Sample> byMinute = new TreeMap<>();
    for (PnlSample p : history.pnlSamples(user, day, SAMPLES_MAX)) {
      byMinute.put(p.minute(), new Sample(p.minute(), p.realizedToday(), p.unrealized()));
    }
    for (Sample s : local) {
      byMinute.put(s.minute(), s);
    }
    while (byMinute.size() > SAMPLES_MAX) {
      byMinute.pollFirstEntry();
    }
    return new Curve(day, List.copyOf(byMinute.values()));
  }

  /** The traders with a curve, for the per-minute sampler (at most {@link #USERS_MAX}). */
  public synchronized List<String> users() {
    return new ArrayList<>(byUser.keySet());
  }
}
