package com.tradeplan.runtime.charts;

import com.tradeplan.store.ChartHistory;
import com.tradeplan.store.ChartHistory.LevelPoint;
import com.tradeplan.store.ChartHistory.PnlSample;
import com.tradeplan.store.OutstandingWrites;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jctools.queues.varhandle.MpscBlockingConsumerVarHandleArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The charts' history to and from the store ({@link ChartHistory}): writes go through a bounded
 * queue to one writer thread, so the caller (a lane persisting a step, a thread publishing an
 * update, the account sampler) never waits on MongoDB; reads go to the store on the caller's thread
 * (a chart's HTTP read).
 *
 * <p>Why not the trade writer's queue ({@code TradeWriter}): a full trade queue makes the lane wait
 * (back-pressure, since a trade write must never be lost), and a chart point is not worth a single
 * tick's delay. Here the bound is {@link #QUEUE_MAX} writes waiting: past it an offer is refused at
 * once and the point is not stored (counted in {@link #dropped()}, logged); the member that
 * recorded it still answers it from memory until it restarts. A write that fails is tried {@link
 * #ATTEMPTS_MAX} times in all, 100 ms and then 400 ms apart, then given up (counted in {@link
 * #failed()}, logged): the store being away costs the charts those points, never a wait upstream.
 *
 * <p>The queue takes no lock: JCTools' {@code MpscBlockingConsumerVarHandleArrayQueue}, made for
 * many producers and one consumer that parks while it is empty. A lane offering a level point never
 * waits for the writer thread or another lane, also not for a lock (an offer is a compare-and-set
 * on an array slot; {@code ArrayBlockingQueue}'s one lock would be taken by every offer and every
 * take). Its capacity is a power of two, so {@link #QUEUE_MAX} is one: the bound is exact.
 *
 * <p>Thread-safe. The writer thread writes a plan's points in the order they were offered (one
 * thread, a FIFO queue); points of one plan offered together go in one update.
 */
public final class ChartHistoryQueue implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChartHistoryQueue.class);

  /** Writes waiting for the writer thread, at most (a power of two: the queue's exact bound). */
  public static final int QUEUE_MAX = 16_384;

  /** Tries of one write, the first included. */
  static final int ATTEMPTS_MAX = 3;

  /** Writes taken together by the writer thread. */
  private static final int BATCH_MAX = 500;

  private sealed interface Item permits Level, Pnl {}

  private record Level(String planId, String owner, LevelPoint point) implements Item {}

  private record Pnl(String user, LocalDate day, PnlSample sample, boolean newDay)
      implements Item {}

  private final ChartHistory history;
  private final int pointsPerPlan;
  private final MpscBlockingConsumerVarHandleArrayQueue<Item> queue =
      new MpscBlockingConsumerVarHandleArrayQueue<>(QUEUE_MAX);
  private final OutstandingWrites outstanding = new OutstandingWrites();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final Thread writer;
  private volatile boolean running = true;

  /**
   * @param pointsPerPlan the most level points the store keeps per plan (the newest)
   */
  public ChartHistoryQueue(ChartHistory history, int pointsPerPlan) {
    this.history = history;
    this.pointsPerPlan = pointsPerPlan;
    this.writer = new Thread(this::run, "tradeplan-chart-history");
    writer.setDaemon(true);
    writer.start();
  }

  /** Queues a plan's new level point; false (not stored) when {@link #QUEUE_MAX} wait. */
  public boolean offerLevelPoint(String planId, String owner, LevelPoint point) {
    return offer(new Level(planId, owner, point));
  }

  /**
   * Queues a trader's sample of a minute of {@code day} (replacing a stored one of that minute);
   * {@code newDay}: the trader's first of the day, so their earlier days' samples are deleted.
   * False (not stored) when {@link #QUEUE_MAX} wait.
   */
  public boolean offerPnlSample(String user, LocalDate day, PnlSample sample, boolean newDay) {
    return offer(new Pnl(user, day, sample, newDay));
  }

  /** The plan's stored points, oldest first; empty when the store cannot be read (logged). */
  public List<LevelPoint> levelPoints(String planId) {
    try {
      return history.levelPoints(planId);
    } catch (RuntimeException e) {
      LOG.warn("stored levels of plan {} not read: {}", planId, e.toString());
      return List.of();
    }
  }

  /** The trader's stored samples of {@code day}, oldest first, at most {@code max} (the newest). */
  public List<PnlSample> pnlSamples(String user, LocalDate day, int max) {
    try {
      return history.pnlSamples(user, day, max);
    } catch (RuntimeException e) {
      LOG.warn("stored P&L samples of {} not read: {}", user, e.toString());
      return List.of();
    }
  }

  /** Offers refused because the queue was full, since start. */
  public long dropped() {
    return dropped.get();
  }

  /** Writes given up after {@link #ATTEMPTS_MAX} failed tries, since start. */
  public long failed() {
    return failed.get();
  }

  /** Waits until every write offered so far was written or given up; false after {@code max}. */
  public boolean flush(Duration max) {
    return outstanding.awaitNone(max);
  }

  /** Writes what waits (up to 5 s), then stops the writer thread. */
  @Override
  public void close() {
    if (!flush(Duration.ofSeconds(5))) {
      LOG.warn("{} chart history writes not stored at shutdown", outstanding.count());
    }
    running = false;
    writer.interrupt();
  }

  /** Stops the writer thread at once: what waits is not stored (a process killed). */
  public void abandon() {
    running = false;
    writer.interrupt();
  }

  private boolean offer(Item item) {
    outstanding.began();
    if (running && queue.offer(item)) {
      return true;
    }
    outstanding.ended(1);
    long n = dropped.incrementAndGet();
    if (n == 1 || n % 1_000 == 0) {
      LOG.warn("chart history queue full ({} waiting): {} points not stored so far", QUEUE_MAX, n);
    }
    return false;
  }

  private void run() {
    List<Item> batch = new ArrayList<>(BATCH_MAX);
    while (running) {
      try {
        takeBatch(queue, batch, BATCH_MAX);
      } catch (InterruptedException e) {
        return;
      }
      write(batch);
      outstanding.ended(batch.size());
      batch.clear();
    }
  }

  /**
   * Waits until an item is there, then moves it and up to {@code max - 1} more, oldest first, to
   * {@code batch}; returns how many. One consumer thread at a time.
   */
  static <T> int takeBatch(MpscBlockingConsumerVarHandleArrayQueue<T> queue, List<T> batch, int max)
      throws InterruptedException {
    batch.add(queue.take());
    return 1 + queue.drain(batch::add, max - 1);
  }

  /** Each plan's points of the batch in one update, then the P&amp;L samples in order. */
  private void write(List<Item> batch) {
    Map<String, List<LevelPoint>> points = new LinkedHashMap<>();
    Map<String, String> owners = new LinkedHashMap<>();
    for (Item i : batch) {
      if (i instanceof Level l) {
        points.computeIfAbsent(l.planId(), p -> new ArrayList<>()).add(l.point());
        owners.put(l.planId(), l.owner());
      }
    }
    points.forEach(
        (planId, list) ->
            attempt(
                "levels of plan " + planId,
                list.size(),
                () -> history.appendLevelPoints(planId, owners.get(planId), list, pointsPerPlan)));
    for (Item i : batch) {
      if (i instanceof Pnl p) {
        attempt(
            "P&L sample of " + p.user(),
            1,
            () -> {
              if (p.newDay()) {
                history.deletePnlSamplesBefore(p.user(), p.day());
              }
              history.putPnlSample(p.user(), p.day(), p.sample());
            });
      }
    }
  }

  private void attempt(String what, int writes, Runnable write) {
    long delayMillis = 100;
    for (int attempt = 1; ; attempt++) {
      try {
        write.run();
        return;
      } catch (RuntimeException e) {
        if (attempt >= ATTEMPTS_MAX || !running) {
          failed.addAndGet(writes);
          LOG.warn("{} not stored after {} tries: {}", what, attempt, e.toString());
          return;
        }
      }
      try {
        Thread.sleep(delayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failed.addAndGet(writes);
        return;
      }
      delayMillis *= 4;
    }
  }
}
