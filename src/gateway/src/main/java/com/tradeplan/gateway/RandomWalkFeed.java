package com.tradeplan.gateway;

import com.tradeplan.domain.market.Tick;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A seeded random walk in whole cents per symbol: the same seed gives the same prices. */
final class RandomWalkFeed implements AutoCloseable {
  private static final BigDecimal CENT = new BigDecimal("0.01");

  private final ScheduledFuture<?> task;

  private RandomWalkFeed(ScheduledFuture<?> task) {
    this.task = task;
  }

  static RandomWalkFeed start(
      List<String> symbols,
      long seed,
      BigDecimal start,
      long intervalMillis,
      ScheduledExecutorService scheduler,
      Clock clock,
      Consumer<Tick> sink) {
    Random random = new Random(seed);
    Map<String, BigDecimal> prices = new LinkedHashMap<>();
    symbols.forEach(s -> prices.put(s, start.setScale(2, RoundingMode.HALF_EVEN)));
    ScheduledFuture<?> f =
        scheduler.scheduleAtFixedRate(
            () -> {
              for (Map.Entry<String, BigDecimal> e : prices.entrySet()) {
                int steps = random.nextInt(11) - 5;
                BigDecimal next = e.getValue().add(CENT.multiply(BigDecimal.valueOf(steps)));
                if (next.compareTo(CENT) < 0) {
                  next = CENT;
                }
                e.setValue(next);
                sink.accept(Tick.of(e.getKey(), clock.instant(), next));
              }
            },
            intervalMillis,
            intervalMillis,
            TimeUnit.MILLISECONDS);
    return new RandomWalkFeed(f);
  }

  @Override
  public void close() {
    task.cancel(false);
  }
}
