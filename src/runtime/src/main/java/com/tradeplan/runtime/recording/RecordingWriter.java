package com.tradeplan.runtime.recording;

import com.tradeplan.engine.recording.LaneInput;
import com.tradeplan.engine.recording.LaneRecorder;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The incident recording's writer: lanes hand it entries ({@link #record}, on the lane thread: one
 * non-blocking offer to a bounded queue), and its own thread encodes them and appends them to the
 * lane's open gzip segment. Off the trading path: a lane never waits for it.
 *
 * <p>Bounds and what happens at them: the queue holds {@link RecordingConfig#queueCapacity}
 * entries; an entry that finds it full is lost, counted ({@link #lost}), alerted once per second at
 * most, and the lane's recording gets a {@link LaneInput.Gap} entry, so that a replay over it
 * reports an incomplete recording instead of a false result. A segment is closed after its time
 * slice; after each close and each minute, {@link Retention} deletes the segments past the age and
 * size bounds (counted in {@link #segmentsDropped}, alerted). Every second the open segments are
 * flushed (a crash loses at most that second, and leaves a truncated segment the reader names) and
 * the broker link is sampled ({@link LaneInput.LinkChanged} into every lane on a change). Nothing
 * thrown by one entry stops the thread: it is logged, counted as lost, and marked.
 */
public final class RecordingWriter implements LaneRecorder, AutoCloseable {
  static final int FORMAT = 1;
  private static final int LANES_MAX = 1024;
  private static final Logger LOG = LoggerFactory.getLogger(RecordingWriter.class);

  private record Item(int lane, LaneInput input) {}

  /** One lane's open segment. */
  private static final class Open {
    final Path file;
    final OutputStream out;
    final long slice;

    Open(Path file, OutputStream out, long slice) {
      this.file = file;
      this.out = out;
      this.slice = slice;
    }
  }

  private final RecordingConfig config;
  private final Clock clock;
  private final Supplier<String> linkState;
  private final Consumer<String> alerts;
  private final ArrayBlockingQueue<Item> queue;
  private final AtomicLongArray lostByLane = new AtomicLongArray(LANES_MAX);
  private final AtomicLong lost = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong segmentsDropped = new AtomicLong();
  private final Map<Integer, Open> open = new HashMap<>();
  private final Map<Integer, Integer> laneCounts = new HashMap<>();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long sealsRequested;
  private volatile long sealsDone;
  private long counter;
  private String lastLink;
  private long lastRetentionMillis;
  private long lastAlertMillis;

  /**
   * @param linkState the broker link's state now (sampled every second), or null
   * @param alerts where operator alerts go (lost entries, segments dropped, a disk failure)
   */
  public RecordingWriter(
      RecordingConfig config, Clock clock, Supplier<String> linkState, Consumer<String> alerts) {
    this.config = config;
    this.clock = clock;
    this.linkState = linkState;
    this.alerts = alerts;
    this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
    this.thread = new Thread(this::loop, "tradeplan-recording");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  @Override
  public void record(int lane, LaneInput input) {
    if (lane < 0 || lane >= LANES_MAX) {
      lost.incrementAndGet();
      return;
    }
    if (!queue.offer(new Item(lane, input))) {
      lostByLane.incrementAndGet(lane);
      lost.incrementAndGet();
    }
  }

  /** Entries lost since start (queue full, or not encodable, or a disk failure). */
  public long lost() {
    return lost.get();
  }

  public long written() {
    return written.get();
  }

  public long segmentsDropped() {
    return segmentsDropped.get();
  }

  public Path dir() {
    return config.dir();
  }

  /**
   * Closes every open segment once everything queued before this call is written, so that a replay
   * can read all of it (an open gzip segment has no end yet). Waits at most {@code timeoutMillis};
   * false when the writer did not get there.
   */
  public boolean seal(long timeoutMillis) {
    long ticket;
    synchronized (this) {
      ticket = ++sealsRequested;
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    synchronized (this) {
      while (sealsDone < ticket) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          return false;
        }
        try {
          wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return true;
  }

  private void loop() {
    long lastFlush = System.nanoTime();
    List<Item> batch = new ArrayList<>();
    while (running || !queue.isEmpty()) {
      try {
        Item first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first != null) {
          batch.add(first);
          queue.drainTo(batch, 4096);
        }
      } catch (InterruptedException e) {
        running = false;
      }
      long sealTicket = sealsRequested;
      queue.drainTo(batch);
      for (Item item : batch) {
        write(item);
      }
      batch.clear();
      if (System.nanoTime() - lastFlush > RecordingConfig.FLUSH_EVERY.toNanos()) {
        lastFlush = System.nanoTime();
        housekeeping();
      }
      if (sealTicket > sealsDone) {
        closeAll();
        synchronized (this) {
          sealsDone = sealTicket;
          notifyAll();
        }
      }
    }
    closeAll();
  }

  private void write(Item item) {
    int lane = item.lane();
    LaneInput input = item.input();
    if (input instanceof LaneInput.Started s) {
      laneCounts.put(lane, s.lanes());
    }
    long gap = lostByLane.getAndSet(lane, 0);
    if (gap > 0) {
      append(lane, new LaneInput.Gap(gap, clock.instant()));
      alert(gap + " entries of lane " + lane + " not recorded: the recording queue was full");
    }
    append(lane, input);
  }

  private void append(int lane, LaneInput input) {
    try {
      byte[] line = (RecordingCodec.encode(input) + "\n").getBytes(StandardCharsets.UTF_8);
      segment(lane).out.write(line);
      written.incrementAndGet();
    } catch (IOException | RuntimeException e) {
      LOG.error("recording: lane {} entry not written", lane, e);
      lost.incrementAndGet();
      lostByLane.incrementAndGet(lane);
      closeQuietly(lane);
      alert("recording: an entry of lane " + lane + " was not written: " + e);
    }
  }

  /** The lane's open segment, opening a new one when none is open or its slice is over. */
  private Open segment(int lane) throws IOException {
    Instant now = clock.instant();
    long slice = now.toEpochMilli() / config.slice().toMillis();
    Open o = open.get(lane);
    if (o != null && o.slice == slice) {
      return o;
    }
    if (o != null) {
      closeQuietly(lane);
      applyRetention();
    }
    Path file = Segments.file(config.dir(), lane, now, ++counter);
    Files.createDirectories(file.getParent());
    OutputStream out =
        new GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(file)), 8192, true);
    String header =
        "{\"k\":\"header\",\"format\":"
            + FORMAT
            + ",\"lane\":"
            + lane
            + ",\"lanes\":"
            + laneCounts.getOrDefault(lane, 0)
            + ",\"opened\":\""
            + now
            + "\"}\n";
    out.write(header.getBytes(StandardCharsets.UTF_8));
    o = new Open(file, out, slice);
    open.put(lane, o);
    return o;
  }

  private void housekeeping() {
    for (Map.Entry<Integer, Open> e : new ArrayList<>(open.entrySet())) {
      try {
        e.getValue().out.flush();
      } catch (IOException ex) {
        closeQuietly(e.getKey());
      }
    }
    String link = linkState == null ? null : linkState.get();
    if (link != null && !link.equals(lastLink)) {
      lastLink = link;
      for (Integer lane : laneCounts.keySet()) {
        append(lane, new LaneInput.LinkChanged(link, clock.instant()));
      }
    }
    if (clock.millis() - lastRetentionMillis > 60_000) {
      applyRetention();
    }
  }

  private void applyRetention() {
    lastRetentionMillis = clock.millis();
    Set<Path> openFiles = new HashSet<>();
    open.values().forEach(o -> openFiles.add(o.file));
    try {
      List<Segments.Segment> dropped =
          Retention.apply(
              config.dir(), clock.instant(), config.retention(), config.maxBytes(), openFiles);
      if (!dropped.isEmpty()) {
        segmentsDropped.addAndGet(dropped.size());
        alert(
            "recording: "
                + dropped.size()
                + " oldest segments deleted (retention "
                + config.retention().toDays()
                + " days, "
                + config.maxBytes() / (1024 * 1024)
                + " MiB); replays before "
                + dropped.get(dropped.size() - 1).opened()
                + " are no longer possible");
      }
    } catch (RuntimeException e) {
      LOG.error("recording: retention failed", e);
    }
  }

  private void closeAll() {
    for (Integer lane : new ArrayList<>(open.keySet())) {
      closeQuietly(lane);
    }
  }

  private void closeQuietly(int lane) {
    Open o = open.remove(lane);
    if (o != null) {
      try {
        o.out.close();
      } catch (IOException e) {
        LOG.error("recording: closing {} failed", o.file, e);
      }
    }
  }

  private void alert(String message) {
    long now = clock.millis();
    if (now - lastAlertMillis < 1_000) {
      return;
    }
    lastAlertMillis = now;
    LOG.warn(message);
    try {
      alerts.accept(message);
    } catch (RuntimeException e) {
      LOG.error("recording: the alert sink failed", e);
    }
  }

  /** Writes what is queued, closes the segments and stops the thread. */
  @Override
  public void close() {
    running = false;
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
