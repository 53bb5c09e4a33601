package com.tradeplan.runtime;

import com.tradeplan.broker.IbBroker;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's one timer thread ({@code tradeplan-pnl}) and what runs on it: P&amp;L updates
 * every {@code pnlUpdateInterval}; the risk limits' poll ({@link RiskLimitsService#pollOn}); the
 * portfolio risk rebalancer every {@code rebalanceEvery}; every second the cluster housekeeping
 * (orders of other members' client ids read again, the quorum reported, plans handed to the
 * cluster, a rebuild the full timer refused run), the {@link PortfolioWatch} checks, and another
 * try at the risk figures a take-over could not rebuild ({@link RiskFigures#retryIncomplete}); and,
 * handed over with {@link #execute} or {@link #scheduler}, the kill-switch engages of the triggers
 * and (from {@link UserRebuild#start}) the rebuilds.
 *
 * <p>Bounded: at most {@value #QUEUED_TASKS_MAX} tasks wait on the timer (the periodic ones
 * included); one more is refused with a {@link RejectedExecutionException}, as before {@link
 * #start} and after {@link #close}: every caller handing work over treats that as the platform
 * closing (a kill-switch engage is alerted as not engaged), except a rebuild refused while the
 * timer runs: it is alerted and run by the next every-second housekeeping ({@link
 * UserRebuild#runRefused}).
 *
 * <p>A periodic job that throws is logged and runs again at its next interval (a throw would cancel
 * it for good); the P&amp;L publication never throws. Thread-safe.
 */
final class PlatformTimers implements Executor {
  private static final Logger LOG = LoggerFactory.getLogger(PlatformTimers.class);

  /** How often orders of other members' client ids are read again, and the quorum checked. */
  static final long EVERY_SECOND_MILLIS = 1_000;

  /** The most tasks that may wait on the timer; one more is refused. */
  static final int QUEUED_TASKS_MAX = 1_000;

  /** Null until {@link #start}: a hand-off before is refused. */
  private volatile ScheduledExecutorService timer;

  /** Starts the timer thread and its periodic jobs; called once, when recovery is done. */
  void start(
      PlatformConfig config,
      MarketDataHub marketData,
      RiskLimitsService riskLimits,
      PortfolioWatch checks,
      IbBroker broker,
      ClusterMember member) {
    ScheduledExecutorService t = new BoundedTimer(QUEUED_TASKS_MAX);
    long every = Math.max(1, config.pnlUpdateInterval().toMillis());
    t.scheduleAtFixedRate(marketData::publishPnl, every, every, TimeUnit.MILLISECONDS);
    riskLimits.pollOn(t);
    long rebalanceMillis = config.portfolioChecks().rebalanceEvery().toMillis();
    t.scheduleWithFixedDelay(
        () ->
            runLogged(
                checks::rebalance,
                "portfolio risk rebalancer failed; evaluated again at" + " the next interval"),
        rebalanceMillis,
        rebalanceMillis,
        TimeUnit.MILLISECONDS);
    t.scheduleWithFixedDelay(
        () ->
            runLogged(
                () -> everySecond(broker, member, checks),
                "cluster housekeeping failed; retried" + " in a second"),
        EVERY_SECOND_MILLIS,
        EVERY_SECOND_MILLIS,
        TimeUnit.MILLISECONDS);
    timer = t;
  }

  private static void everySecond(IbBroker broker, ClusterMember member, PortfolioWatch checks) {
    // Orders another member (another client id) sent and that were still working when this
    // member took their users over report to that client only: read them again until done.
    if (broker.hasForeignWorkingOrders()) {
      broker.reconcileNow();
    }
    member.reportAndHandOver();
    member.runRefusedRebuilds();
    checks.everySecond();
    member.retryIncompleteFigures();
  }

  private static void runLogged(Runnable job, String failure) {
    try {
      job.run();
    } catch (RuntimeException e) {
      // A throw would cancel this periodic task for good.
      LOG.error(failure, e);
    }
  }

  /** Runs {@code task} on the timer thread; throws when the timer is not running or full. */
  @Override
  public void execute(Runnable task) {
    scheduler().execute(task);
  }

  /** The timer itself, for parts that schedule their own work on it (the rebuilds). */
  ScheduledExecutorService scheduler() {
    ScheduledExecutorService t = timer;
    if (t == null) {
      throw new RejectedExecutionException("the platform's timer has not started");
    }
    return t;
  }

  /** Stops the timer thread; what waits on it is dropped. Idempotent; before start, nothing. */
  void close() {
    ScheduledExecutorService t = timer;
    if (t != null) {
      t.shutdownNow();
    }
  }

  /**
   * A one-thread scheduled executor that refuses a task when {@code max} already wait. The checks
   * are not atomic with the enqueue: at most one task per concurrent caller more may slip in.
   */
  static final class BoundedTimer extends ScheduledThreadPoolExecutor {
    private final int max;

    BoundedTimer(int max) {
      super(
          1,
          r -> {
            Thread t = new Thread(r, "tradeplan-pnl");
            t.setDaemon(true);
            return t;
          });
      this.max = max;
    }

    private void checkRoom() {
      if (getQueue().size() >= max) {
        throw new RejectedExecutionException(
            "the platform's timer already has " + max + " tasks waiting");
      }
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
      checkRoom();
      return super.schedule(command, delay, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
      checkRoom();
      return super.schedule(callable, delay, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(
        Runnable command, long initialDelay, long period, TimeUnit unit) {
      checkRoom();
      return super.scheduleAtFixedRate(command, initialDelay, period, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(
        Runnable command, long initialDelay, long delay, TimeUnit unit) {
      checkRoom();
      return super.scheduleWithFixedDelay(command, initialDelay, delay, unit);
    }
  }
}
