package com.tradeplan.gateway;

import com.tradeplan.domain.Decimals;
import com.tradeplan.domain.market.Tick;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays a tick file ({@code time,symbol,last[,bid,ask,volume]} with a header) at a chosen speed,
 * looping at the end. Reads one line at a time (bounded memory). A malformed line is logged and
 * skipped. The tick's time is the replay's wall clock, so looping keeps time moving forward.
 */
final class TickFileFeed implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TickFileFeed.class);

  private final Path file;
  private final double speed;
  private final ScheduledExecutorService scheduler;
  private final Consumer<Tick> sink;
  private BufferedReader reader;
  private long lineNo;
  private Instant previousFileTime;
  private volatile boolean closed;

  private TickFileFeed(
      Path file, double speed, ScheduledExecutorService scheduler, Consumer<Tick> sink) {
    this.file = file;
    this.speed = speed;
    this.scheduler = scheduler;
    this.sink = sink;
  }

  static TickFileFeed start(
      Path file, double speed, ScheduledExecutorService scheduler, Consumer<Tick> sink)
      throws IOException {
    if (!Files.isReadable(file)) {
      throw new IOException("tick file not readable: " + file);
    }
    TickFileFeed f = new TickFileFeed(file, speed, scheduler, sink);
    scheduler.execute(f::step);
    return f;
  }

  /** Parses one data line; null when it is malformed. */
  static Tick parse(String line) {
    String[] c = line.split(",", -1);
    if (c.length < 3) {
      return null;
    }
    try {
      Instant time = Instant.parse(c[0].trim());
      BigDecimal last = Decimals.parse(c[2].trim());
      BigDecimal bid = c.length > 3 && !c[3].isBlank() ? Decimals.parse(c[3].trim()) : null;
      BigDecimal ask = c.length > 4 && !c[4].isBlank() ? Decimals.parse(c[4].trim()) : null;
      Long volume = c.length > 5 && !c[5].isBlank() ? Long.parseLong(c[5].trim()) : null;
      return new Tick(c[1].trim(), time, last, bid, ask, volume);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private void step() {
    if (closed) {
      return;
    }
    try {
      Tick t = nextTick();
      if (t == null) {
        log.warn("tick file {} has no usable ticks; replay stopped", file);
        return;
      }
      long delayMillis = 0;
      if (previousFileTime != null && speed > 0) {
        long gap = Duration.between(previousFileTime, t.time()).toMillis();
        delayMillis = Math.max(0, (long) (gap / speed));
      }
      previousFileTime = t.time();
      Tick live = new Tick(t.symbol(), Instant.now(), t.last(), t.bid(), t.ask(), t.volume());
      scheduler.schedule(
          () -> {
            if (!closed) {
              sink.accept(live);
              step();
            }
          },
          Math.max(1, delayMillis),
          TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      log.error("tick replay failed; stopped", e);
    }
  }

  private Tick nextTick() {
    for (int attempts = 0; attempts < 2; attempts++) {
      try {
        if (reader == null) {
          reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
          reader.readLine(); // header
          lineNo = 1;
          previousFileTime = null;
        }
        String line;
        while ((line = reader.readLine()) != null) {
          lineNo++;
          if (line.isBlank()) {
            continue;
          }
          Tick t = parse(line);
          if (t != null) {
            return t;
          }
          log.warn("{}:{}: malformed tick line skipped: {}", file, lineNo, line);
        }
        reader.close();
        reader = null; // loop
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    closed = true;
    if (reader != null) {
      reader.close();
    }
  }
}
