package com.tradeplan.broker.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.OrderUpdate;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderStatus;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.testkit.MutableClock;
import com.tradeplan.testkit.risk.RiskCheckLoad;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * What the check of one entry and its release allocate stays small (docs/benchmarks.md, "The risk
 * check"): with every limit set at the platform and the account layer ({@link RiskCheckLoad}, the
 * benchmark's load), open positions and working entries counted, an entry admitted and then
 * cancelled allocates at most {@link #BYTES_PER_ENTRY_MAX} bytes on average, as the JVM counts them
 * for this thread ({@code getThreadAllocatedBytes}); nothing is timed. The orders are made before
 * the count, so only the check and the release are counted. They allocate about 650 bytes, the same
 * interpreted or compiled (the tracked order, its map entries, a few sums of money); before the
 * allocations were cut they allocated 2.2 KB compiled and 2.8 KB interpreted. The bound is twice
 * today's figure: a change that brings back a per-entry collection, a rebuilt limit set or {@code
 * BigInteger} sums fails here.
 */
class EntryLimitsAllocationTest {
  private static final int USERS = 200;
  private static final int SYMBOLS = 50;
  private static final int ACCOUNTS = 3;
  private static final long BYTES_PER_ENTRY_MAX = 1_300;

  @Test
  void anEntryCheckedAndReleasedAllocatesLittle() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeTrue(threads.isThreadAllocatedMemorySupported(), "the JVM counts allocated bytes");
    threads.setThreadAllocatedMemoryEnabled(true);
    MutableClock clock = new MutableClock(Instant.parse("2026-03-02T15:00:00Z"));
    AtomicLong nanos = new AtomicLong(1_000_000_000L);
    Map<String, BigDecimal> last = RiskCheckLoad.lastPrices(SYMBOLS);
    Instrument[] instruments = RiskCheckLoad.instruments(SYMBOLS);
    EntryLimits limits =
        new EntryLimits(
            RiskCheckLoad.layers(ACCOUNTS),
            last::get,
            clock,
            ZoneId.of("America/New_York"),
            nanos::get);
    // Every user on every symbol once (the figures fill up, the JIT warms): a third of the
    // entries filled into positions, a third left working, a third cancelled; then again.
    List<OrderRequest> warmUp = entries(0, instruments);
    List<OrderRequest> counted = entries(1, instruments);
    for (int i = 0; i < warmUp.size(); i++) {
      OrderRequest entry = warmUp.get(i);
      assertThat(limits.admitEntry(entry).admitted()).isTrue();
      if (i % 3 == 0) {
        limits.onFill(
            new Fill(
                "E" + i,
                entry.ref(),
                OrderAction.BUY,
                entry.quantity(),
                new BigDecimal("99.97"),
                null,
                clock.instant()));
      } else if (i % 3 == 1) {
        limits.onOrderUpdate(OrderUpdate.status(entry.ref(), OrderStatus.CANCELLED));
      }
    }
    clock.advance(Duration.ofSeconds(1)); // past the stagger of each user's previous entry
    long tid = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(tid);
    checkAndRelease(limits, counted);
    long bytesPerEntry = (threads.getThreadAllocatedBytes(tid) - before) / counted.size();
    assertThat(bytesPerEntry)
        .as("bytes allocated per entry checked and released")
        .isLessThanOrEqualTo(BYTES_PER_ENTRY_MAX);
  }

  private static void checkAndRelease(EntryLimits limits, List<OrderRequest> entries) {
    for (OrderRequest entry : entries) {
      if (!limits.admitEntry(entry).admitted()) {
        throw new AssertionError("refused: " + limits.admitEntry(entry).refusal());
      }
      limits.onOrderUpdate(OrderUpdate.status(entry.ref(), OrderStatus.CANCELLED));
    }
  }

  /** One entry of each user on each symbol, users in turn; attempt {@code round} + 1. */
  private static List<OrderRequest> entries(int round, Instrument[] instruments) {
    List<OrderRequest> out = new ArrayList<>(USERS * SYMBOLS);
    for (int s = 0; s < SYMBOLS; s++) {
      for (int u = 0; u < USERS; u++) {
        out.add(
            RiskCheckLoad.entry(
                "p" + u,
                s,
                round + 1,
                "u" + u,
                instruments[s],
                RiskCheckLoad.accountOf(u, ACCOUNTS)));
      }
    }
    return out;
  }
}
