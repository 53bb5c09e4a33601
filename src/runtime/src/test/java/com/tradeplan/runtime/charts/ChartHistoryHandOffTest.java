package com.tradeplan.runtime.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jctools.queues.varhandle.MpscBlockingConsumerVarHandleArrayQueue;
import org.junit.jupiter.api.Test;

/**
 * The chart history's hand-off, JCTools' queue as {@link ChartHistoryQueue} uses it (what it relies
 * on, checked here rather than taken on trust): with a power-of-two capacity the bound is exact; at
 * the bound an offer is refused at once and the rest waits in order; a waiting consumer is woken by
 * the next offer and stops when interrupted; under seeded random producers and batch sizes every
 * accepted item comes out once, each producer's in its order, and never more than the bound wait.
 */
class ChartHistoryHandOffTest {
  @Test
  void atTheBoundAnOfferIsRefusedAndWhatWaitsComesOutOldestFirst() throws Exception {
    var q = new MpscBlockingConsumerVarHandleArrayQueue<Integer>(4);
    assertThat(q.offer(1)).isTrue();
    assertThat(q.offer(2)).isTrue();
    assertThat(q.offer(3)).isTrue();
    assertThat(q.offer(4)).isTrue();
    assertThat(q.offer(5)).as("at the bound").isFalse();
    assertThat(q.size()).isEqualTo(4);
    List<Integer> batch = new ArrayList<>();
    assertThat(ChartHistoryQueue.takeBatch(q, batch, 2)).isEqualTo(2);
    assertThat(batch).containsExactly(1, 2);
    assertThat(q.offer(6)).as("room again once taken").isTrue();
    assertThat(q.offer(7)).isTrue();
    assertThat(q.offer(8)).isFalse();
    batch.clear();
    assertThat(ChartHistoryQueue.takeBatch(q, batch, 10)).isEqualTo(4);
    assertThat(batch).containsExactly(3, 4, 6, 7);
    assertThat(q.size()).isZero();
    assertThat(Integer.bitCount(ChartHistoryQueue.QUEUE_MAX))
        .as("the writer queue's capacity is a power of two, so its bound is exact")
        .isEqualTo(1);
    var big = new MpscBlockingConsumerVarHandleArrayQueue<Integer>(ChartHistoryQueue.QUEUE_MAX);
    int accepted = 0;
    while (big.offer(accepted)) {
      accepted++;
    }
    assertThat(accepted).isEqualTo(ChartHistoryQueue.QUEUE_MAX);
  }

  @Test
  void aWaitingConsumerIsWokenByAnOfferAndStopsWhenInterrupted() throws Exception {
    var q = new MpscBlockingConsumerVarHandleArrayQueue<String>(4);
    List<String> batch = new ArrayList<>();
    CountDownLatch waiting = new CountDownLatch(1);
    CompletableFuture<Integer> took = new CompletableFuture<>();
    Thread consumer =
        new Thread(
            () -> {
              waiting.countDown();
              try {
                took.complete(ChartHistoryQueue.takeBatch(q, batch, 10));
              } catch (InterruptedException e) {
                took.completeExceptionally(e);
              }
            });
    consumer.start();
    assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(q.offer("level")).isTrue();
    assertThat(took.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    consumer.join(10_000);
    assertThat(batch).containsExactly("level");

    CompletableFuture<Integer> interrupted = new CompletableFuture<>();
    Thread idle =
        new Thread(
            () -> {
              try {
                interrupted.complete(ChartHistoryQueue.takeBatch(q, new ArrayList<>(), 10));
              } catch (InterruptedException e) {
                interrupted.completeExceptionally(e);
              }
            });
    idle.start();
    idle.interrupt();
    assertThatThrownBy(() -> interrupted.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(InterruptedException.class);
    idle.join(10_000);
    assertThat(q.size()).as("nothing taken by the interrupted consumer").isZero();
  }

  @Test
  void seededProducersLoseNothingAcceptedAndKeepTheirOrderWithinTheBound() throws Exception {
    for (long seed = 1; seed <= 20; seed++) {
      Random random = new Random(seed);
      int capacity = 2 << random.nextInt(5); // 2 to 32
      int producers = 2 + random.nextInt(4);
      int each = 2_000 + random.nextInt(3_000);
      var q = new MpscBlockingConsumerVarHandleArrayQueue<long[]>(capacity);
      AtomicLong accepted = new AtomicLong();
      AtomicInteger running = new AtomicInteger(producers);
      AtomicBoolean overBound = new AtomicBoolean();
      List<Thread> threads = new ArrayList<>();
      List<List<Long>> acceptedBy = new ArrayList<>();
      for (int p = 0; p < producers; p++) {
        long producerSeed = random.nextLong();
        int producer = p;
        List<Long> mine = new ArrayList<>();
        acceptedBy.add(mine);
        Thread t =
            new Thread(
                () -> {
                  Random r = new Random(producerSeed);
                  for (long i = 0; i < each; i++) {
                    if (q.offer(new long[] {producer, i})) {
                      mine.add(i);
                      accepted.incrementAndGet();
                    }
                    if (q.size() > capacity) {
                      overBound.set(true);
                    }
                    for (int spin = r.nextInt(50); spin > 0; spin--) {
                      Thread.onSpinWait();
                    }
                  }
                  running.decrementAndGet();
                });
        threads.add(t);
      }
      threads.forEach(Thread::start);
      List<List<Long>> seen = new ArrayList<>();
      for (int p = 0; p < producers; p++) {
        seen.add(new ArrayList<>());
      }
      long taken = 0;
      List<long[]> batch = new ArrayList<>();
      while (running.get() > 0 || q.size() > 0) {
        if (q.size() == 0) {
          Thread.onSpinWait(); // a take now could wait for an offer that never comes
          continue;
        }
        batch.clear();
        taken += ChartHistoryQueue.takeBatch(q, batch, 1 + random.nextInt(capacity + 2));
        for (long[] item : batch) {
          seen.get((int) item[0]).add(item[1]);
        }
      }
      for (Thread t : threads) {
        t.join(30_000);
      }
      String at = "seed " + seed + ", capacity " + capacity;
      assertThat(overBound).as(at + ": never more than the bound waited").isFalse();
      assertThat(taken).as(at + ": every accepted item came out once").isEqualTo(accepted.get());
      for (int p = 0; p < producers; p++) {
        assertThat(seen.get(p)).as(at + ", producer " + p).isEqualTo(acceptedBy.get(p));
      }
    }
  }
}
