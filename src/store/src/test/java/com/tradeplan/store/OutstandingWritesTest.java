package com.tradeplan.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The count of writes taken and not ended, and the flushes that wait for it. */
class OutstandingWritesTest {

  @Test
  void aFlushWithNothingOutstandingReturnsAtOnce() {
    OutstandingWrites writes = new OutstandingWrites();
    assertThat(writes.awaitNone(Duration.ZERO)).isTrue();
    writes.began();
    writes.ended(1);
    assertThat(writes.count()).isZero();
    assertThat(writes.awaitNone(Duration.ZERO)).isTrue();
  }

  @Test
  void aFlushGivesUpAfterItsTimeoutWhileAWriteIsOutstanding() {
    OutstandingWrites writes = new OutstandingWrites();
    writes.began();
    writes.began();
    writes.ended(1);
    long start = System.nanoTime();
    assertThat(writes.awaitNone(Duration.ofMillis(50))).isFalse();
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
    assertThat(writes.count()).isEqualTo(1);
  }

  @Test
  void aFlushReturnsWhenTheLastWriteEnds() throws Exception {
    OutstandingWrites writes = new OutstandingWrites();
    for (int i = 0; i < 3; i++) {
      writes.began();
    }
    ExecutorService waiter = Executors.newSingleThreadExecutor();
    try {
      CountDownLatch waiting = new CountDownLatch(1);
      Future<Boolean> flushed =
          waiter.submit(
              () -> {
                waiting.countDown();
                return writes.awaitNone(Duration.ofSeconds(30));
              });
      assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
      writes.ended(2);
      assertThat(flushed.isDone()).as("one write still outstanding").isFalse();
      writes.ended(1);
      assertThat(flushed.get(10, TimeUnit.SECONDS)).as("the flush saw the last end").isTrue();
    } finally {
      waiter.shutdownNow();
    }
  }

  @Test
  void aConditionIsCheckedAgainWithoutAnEnd() throws Exception {
    OutstandingWrites writes = new OutstandingWrites();
    AtomicBoolean idle = new AtomicBoolean();
    ExecutorService waiter = Executors.newSingleThreadExecutor();
    try {
      Future<Boolean> flushed =
          waiter.submit(() -> writes.awaitUntil(idle::get, Duration.ofSeconds(30)));
      idle.set(true); // no end follows: the wait sees it at its next check (5 ms at most)
      assertThat(flushed.get(10, TimeUnit.SECONDS)).isTrue();
      assertThat(writes.awaitUntil(() -> false, Duration.ofMillis(20))).isFalse();
    } finally {
      waiter.shutdownNow();
    }
  }

  @Test
  void anInterruptedFlushAnswersFalseAndKeepsTheInterrupt() {
    OutstandingWrites writes = new OutstandingWrites();
    writes.began();
    Thread.currentThread().interrupt();
    try {
      assertThat(writes.awaitNone(Duration.ofSeconds(10))).isFalse();
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void moreEndsThanBeginningsAreABrokenInvariant() {
    OutstandingWrites writes = new OutstandingWrites();
    writes.began();
    assertThatThrownBy(() -> writes.ended(2)).isInstanceOf(IllegalStateException.class);
  }

  /**
   * Seeded: in each round writers take random numbers of writes, a flush starts waiting, and the
   * writers end theirs in random batches side by side; the flush returns true once the last one
   * ended (a lost wake-up would leave it waiting into its 30 s timeout, past the 10 s asked here).
   */
  @Test
  void aFlushSeesTheLastEndOfWritersEndingSideBySide() throws Exception {
    long seed = 26L;
    Random random = new Random(seed);
    OutstandingWrites writes = new OutstandingWrites();
    int writers = 3;
    ExecutorService threads = Executors.newFixedThreadPool(writers + 1);
    try {
      for (int round = 0; round < 100; round++) {
        List<int[]> batchesByWriter = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
          int taken = 1 + random.nextInt(50);
          for (int i = 0; i < taken; i++) {
            writes.began();
          }
          int[] batches = new int[taken];
          int n = 0;
          for (int left = taken; left > 0; n++) {
            batches[n] = 1 + random.nextInt(Math.min(left, 5));
            left -= batches[n];
          }
          batchesByWriter.add(Arrays.copyOf(batches, n));
        }
        CountDownLatch start = new CountDownLatch(1);
        Future<Boolean> flushed =
            threads.submit(
                () -> {
                  start.countDown();
                  return writes.awaitNone(Duration.ofSeconds(30));
                });
        assertThat(start.await(10, TimeUnit.SECONDS)).isTrue();
        List<Future<?>> ends = new ArrayList<>();
        for (int[] batches : batchesByWriter) {
          ends.add(
              threads.submit(
                  () -> {
                    for (int batch : batches) {
                      writes.ended(batch);
                      Thread.yield();
                    }
                  }));
        }
        for (Future<?> end : ends) {
          end.get(10, TimeUnit.SECONDS);
        }
        assertThat(flushed.get(10, TimeUnit.SECONDS))
            .as("round %d of seed %d", round, seed)
            .isTrue();
        assertThat(writes.count()).isZero();
      }
    } finally {
      threads.shutdownNow();
    }
  }
}
