package com.tradeplan.broker.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.OrderUpdate;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.order.OrderStatus;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.domain.risk.LimitLayers;
import com.tradeplan.domain.risk.LimitScope;
import com.tradeplan.domain.risk.RiskLimits;
import com.tradeplan.testkit.MutableClock;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * What the check of one entry and its release allocate stays small (docs/benchmarks.md, "The risk
 * check"): with every limit set at the platform and the account layer, open positions and working
 * entries counted, an entry admitted and then cancelled allocates at most {@link
 * #BYTES_PER_ENTRY_MAX} bytes on average, as the JVM counts them for this thread ({@code
 * getThreadAllocatedBytes}); nothing is timed. The orders are made before the count, so only the
 * check and the release are counted. They allocate about 650 bytes, the same interpreted or
 * compiled (the tracked order, its map entries, a few sums of money); before the allocations were
 * cut they allocated 2.2 KB compiled and 2.8 KB interpreted. The bound is twice today's figure: a
 * change that brings back a per-entry collection, a rebuilt limit set or {@code BigInteger} sums
 * fails here.
 */
class EntryLimitsAllocationTest {
  private static final int USERS = 200;
  private static final int SYMBOLS = 50;
  private static final long BYTES_PER_ENTRY_MAX = 1_300;

  @Test
  void anEntryCheckedAndReleasedAllocatesLittle() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeTrue(threads.isThreadAllocatedMemorySupported(), "the JVM counts allocated bytes");
    threads.setThreadAllocatedMemoryEnabled(true);
    MutableClock clock = new MutableClock(Instant.parse("2026-03-02T15:00:00Z"));
    AtomicLong nanos = new AtomicLong(1_000_000_000L);
    Map<String, BigDecimal> last = new HashMap<>();
    Instrument[] instruments = new Instrument[SYMBOLS];
    for (int s = 0; s < SYMBOLS; s++) {
      instruments[s] = Instrument.stock("S" + s);
      last.put("S" + s, new BigDecimal("100.00"));
    }
    EntryLimits limits =
        new EntryLimits(everyLimit(), last::get, clock, ZoneId.of("America/New_York"), nanos::get);
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
    String[] accounts = {"DU0", "DU1", "DU2"};
    List<OrderRequest> out = new ArrayList<>(USERS * SYMBOLS);
    for (int s = 0; s < SYMBOLS; s++) {
      for (int u = 0; u < USERS; u++) {
        out.add(
            OrderRequest.market(
                    new OrderRef("p" + u, OrderRole.ENTRY, s, round + 1),
                    "u" + u,
                    instruments[s],
                    OrderAction.BUY,
                    10,
                    "test")
                .withAccount(accounts[u % accounts.length]));
      }
    }
    return out;
  }

  private static LimitLayers everyLimit() {
    RiskLimits every =
        RiskLimits.builder()
            .maxOrderQuantity(10_000L)
            .maxOrderNotional(new BigDecimal("1000000"))
            .maxPositionPerSymbol(50_000L)
            .maxPositionTotal(1_000_000L)
            .maxOpenNotional(new BigDecimal("100000000"))
            .ordersPerSecond(1_000_000)
            .orderBurst(1_000_000)
            .platformOrdersPerSecond(1_000_000)
            .priceCollarPercent(new BigDecimal("5"))
            .priceCollarTicks(1_000)
            .maxDailyLoss(new BigDecimal("1000000"))
            .stopLossCooldownSeconds(60L)
            .entryStaggerMillis(1L)
            .build();
    LimitLayers layers =
        LimitLayers.of(
            every.tightenedBy(
                RiskLimits.builder().maxCumulativeLoss(new BigDecimal("10000000")).build()));
    for (String account : new String[] {"DU0", "DU1", "DU2"}) {
      layers = layers.with(LimitScope.ACCOUNT, account, every);
    }
    return layers;
  }
}
