package com.tradeplan.server.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.convert.DurationStyle;

/**
 * The bound on API requests in flight across this server ({@value #LIMIT_PROPERTY}): a fair
 * semaphore that a request waits for at most {@value #WAIT_PROPERTY}; past it the request is
 * refused ({@link ApiAdmissionFilter}). Without it about 200 Tomcat threads compete with the
 * engine's lanes for the cores, and the lanes' tick-to-decision p99 grew 16x under 1,000 traders
 * (docs/benchmarks.md, "The API under load").
 *
 * <p>Meters: {@code tradeplan.api.in.flight} (gauge), {@code tradeplan.api.in.flight.limit}
 * (gauge), {@code tradeplan.api.requests.admitted} and {@code tradeplan.api.requests.refused}
 * (counters). A refusal logs a warning when refusing starts, then at most one line every {@link
 * #LOG_EVERY} with the count refused since the last one.
 */
public final class ApiAdmission {
  private static final Logger LOG = LoggerFactory.getLogger(ApiAdmission.class);

  public static final String LIMIT_PROPERTY = "tradeplan.api.max-in-flight";
  public static final String WAIT_PROPERTY = "tradeplan.api.admission-wait";

  /** Requests in flight per core by default (see {@link #defaultLimit}). */
  static final int PER_CORE = 4;

  static final int LIMIT_MAX = 10_000;
  static final Duration WAIT_DEFAULT = Duration.ofMillis(200);
  static final Duration WAIT_MAX = Duration.ofSeconds(5);
  static final Duration LOG_EVERY = Duration.ofSeconds(10);

  private final int limit;
  private final long waitNanos;
  private final Semaphore permits;
  private final Counter admitted;
  private final Counter refused;
  private final LongSupplier nanoClock;
  private final AtomicLong refusedSinceLog = new AtomicLong();
  private final AtomicLong lastLogNanos;

  public ApiAdmission(int limit, Duration wait, MeterRegistry meters, LongSupplier nanoClock) {
    if (limit < 1 || limit > LIMIT_MAX) {
      throw new IllegalArgumentException(
          LIMIT_PROPERTY + " must be from 1 to " + LIMIT_MAX + ", not " + limit);
    }
    if (wait.isNegative() || wait.compareTo(WAIT_MAX) > 0) {
      throw new IllegalArgumentException(
          WAIT_PROPERTY + " must be from 0 to " + WAIT_MAX.toMillis() + "ms, not " + wait);
    }
    this.limit = limit;
    this.waitNanos = wait.toNanos();
    this.permits = new Semaphore(limit, true);
    this.nanoClock = nanoClock;
    this.lastLogNanos = new AtomicLong(nanoClock.getAsLong() - LOG_EVERY.toNanos());
    Gauge.builder("tradeplan.api.in.flight", this, ApiAdmission::inFlight)
        .description("API requests in flight (admitted, not yet answered); exempt ones not counted")
        .register(meters);
    Gauge.builder("tradeplan.api.in.flight.limit", this, ApiAdmission::limit)
        .description("the bound on API requests in flight (" + LIMIT_PROPERTY + ")")
        .register(meters);
    this.admitted =
        Counter.builder("tradeplan.api.requests.admitted")
            .description("API requests admitted under the in-flight bound")
            .register(meters);
    this.refused =
        Counter.builder("tradeplan.api.requests.refused")
            .description("API requests refused with 503: the in-flight bound was full")
            .register(meters);
  }

  /**
   * The default bound: {@value #PER_CORE} per core. A request here is mostly CPU (JSON, the token
   * check, the store's work): a few per core keep the cores busy through the short waits on the
   * store and the network, while the lanes no longer queue behind hundreds of runnable request
   * threads.
   */
  public static int defaultLimit(int cores) {
    return Math.max(PER_CORE, PER_CORE * cores);
  }

  /**
   * The bound from its setting: blank for {@link #defaultLimit}, else a whole number from 1 to
   * {@value #LIMIT_MAX}; anything else throws naming the setting.
   */
  public static int limitOf(String configured, int cores) {
    if (configured == null || configured.isBlank()) {
      return defaultLimit(cores);
    }
    try {
      int n = Integer.parseInt(configured.strip());
      if (n >= 1 && n <= LIMIT_MAX) {
        return n;
      }
    } catch (NumberFormatException e) {
      // named below
    }
    throw new IllegalArgumentException(
        LIMIT_PROPERTY
            + " (TRADEPLAN_API_MAX_IN_FLIGHT) must be a whole number from 1 to "
            + LIMIT_MAX
            + ", not '"
            + configured
            + "'");
  }

  /**
   * The wait from its setting: blank for {@link #WAIT_DEFAULT}, else a duration ({@code 200ms},
   * {@code 1s}; a bare number is milliseconds) from 0 to {@link #WAIT_MAX}; anything else throws
   * naming the setting.
   */
  public static Duration waitOf(String configured) {
    if (configured == null || configured.isBlank()) {
      return WAIT_DEFAULT;
    }
    try {
      Duration d = DurationStyle.detectAndParse(configured.strip());
      if (!d.isNegative() && d.compareTo(WAIT_MAX) <= 0) {
        return d;
      }
    } catch (IllegalArgumentException e) {
      // named below
    }
    throw new IllegalArgumentException(
        WAIT_PROPERTY
            + " (TRADEPLAN_API_ADMISSION_WAIT) must be a duration from 0 to "
            + WAIT_MAX.toMillis()
            + "ms such as 200ms, not '"
            + configured
            + "'");
  }

  /**
   * Takes a permit, waiting at most the configured wait (fairly: first come, first served). True:
   * admitted, and the caller must {@link #exit} once done, whatever happens. False: refused,
   * counted and logged (rate-limited); nothing to release.
   */
  public boolean tryEnter() {
    boolean in;
    try {
      in = permits.tryAcquire(waitNanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      in = false;
    }
    if (in) {
      admitted.increment();
    } else {
      refused();
    }
    return in;
  }

  /** Gives back the permit of an admitted request. */
  public void exit() {
    permits.release();
  }

  /** Counts a refusal; logs when refusing starts and then every {@link #LOG_EVERY} at most. */
  boolean refused() {
    refused.increment();
    refusedSinceLog.incrementAndGet();
    long now = nanoClock.getAsLong();
    long last = lastLogNanos.get();
    if (now - last < LOG_EVERY.toNanos() || !lastLogNanos.compareAndSet(last, now)) {
      return false;
    }
    LOG.warn(
        "API admission: refusing requests with 503, {} of {} in flight ({}); {} refused since the"
            + " last such line (at most one every {} s)",
        inFlight(),
        limit,
        LIMIT_PROPERTY,
        refusedSinceLog.getAndSet(0),
        LOG_EVERY.toSeconds());
    return true;
  }

  public int limit() {
    return limit;
  }

  /** Requests holding a permit now. */
  public int inFlight() {
    return limit - permits.availablePermits();
  }

  /** Seconds a refused caller is told to wait ({@code Retry-After}). */
  public long retryAfterSeconds() {
    return 1;
  }
}
