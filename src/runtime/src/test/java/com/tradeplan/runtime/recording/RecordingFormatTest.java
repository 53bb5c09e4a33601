package com.tradeplan.runtime.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.OrderUpdate;
import com.tradeplan.domain.broker.SubmitResult;
import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.order.OrderStatus;
import com.tradeplan.domain.order.OrderType;
import com.tradeplan.domain.plan.ExitChange;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.engine.facts.Commission;
import com.tradeplan.engine.facts.TraderCommand;
import com.tradeplan.engine.recording.LaneInput;
import com.tradeplan.testkit.Await;
import com.tradeplan.testkit.MutableClock;
import com.tradeplan.testkit.plans.RandomSnapshots;
import com.tradeplan.testkit.plans.TestPlans;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The incident recording's format: every kind of entry survives a round trip through the writer's
 * segments exactly (hand-written and seeded random), a truncated or corrupt segment names its file
 * and offset, and retention drops the oldest segments first.
 */
class RecordingFormatTest {
  private static final Instant T0 = Instant.parse("2026-12-04T14:30:00.123Z");

  @TempDir Path dir;

  static List<LaneInput> everyKind() {
    OrderRef entry = new OrderRef("p1", OrderRole.ENTRY, 0, 1);
    OrderRef target = new OrderRef("p1", OrderRole.TARGET, 1, 2);
    PlanSnapshot plan =
        TestPlans.withEntryFill(
            TestPlans.withEntryOrder(TestPlans.active("p1", "alice", "AAPL"), 1),
            30,
            "101.10",
            "e0");
    OrderRequest request =
        new OrderRequest(
            entry,
            "alice",
            plan.plan().instrument(),
            OrderAction.BUY,
            OrderType.LIMIT,
            100,
            new BigDecimal("101.10"),
            null,
            "entry above 101.00",
            "DU1");
    return List.of(
        new LaneInput.Started(T0, 3),
        new LaneInput.PlansAdded(List.of(plan), false, T0),
        new LaneInput.TickSeen(
            new Tick("AAPL", T0, new BigDecimal("101.10"), new BigDecimal("101.09"), null, 700L)),
        new LaneInput.TickSeen(Tick.of("AAPL", T0.plusMillis(5), new BigDecimal("101.200"))),
        new LaneInput.OrderSent(request, SubmitResult.denied("over the limit")),
        new LaneInput.CancelSent(target, SubmitResult.ACCEPTED),
        new LaneInput.ReportsSeen(
            List.of(
                OrderUpdate.status(entry, OrderStatus.SUBMITTED),
                new Fill(
                    "e1",
                    entry,
                    OrderAction.BUY,
                    30,
                    new BigDecimal("101.10"),
                    null,
                    T0.plusSeconds(1)),
                new Commission("e1", entry, new BigDecimal("1.0000")),
                OrderUpdate.rejected(target, "no shares")),
            T0.plusSeconds(1)),
        new LaneInput.CommandRun("alice", new TraderCommand("p1", TraderCommand.Type.FLATTEN), T0),
        new LaneInput.CommandRun(
            "alice",
            TraderCommand.changeExits(
                "p1", new ExitChange.MoveStop(0, new BigDecimal("99.50")), "alice", "news", true),
            T0),
        new LaneInput.CommandRun(
            "alice",
            TraderCommand.changeExits("p1", new ExitChange.StopToBreakEven(), null, null, false),
            T0),
        new LaneInput.EventsEmitted(
            "alice",
            List.of(
                PlanEvent.status("p1", -1, T0, PlanStatus.ENTRY_SUBMITTED),
                new PlanEvent(
                    "p1",
                    -1,
                    T0,
                    PlanEvent.Type.FILL,
                    OrderRole.TARGET,
                    1,
                    OrderAction.SELL,
                    50L,
                    new BigDecimal("103.20"),
                    null,
                    null,
                    target.toString(),
                    "A target is reached",
                    null))),
        new LaneInput.UserRemoved("alice", T0),
        new LaneInput.LinkChanged("DOWN", T0),
        new LaneInput.Gap(12, T0));
  }

  @Test
  void everyKindOfEntryRoundTripsThroughTheCodec() {
    for (LaneInput in : everyKind()) {
      String line = RecordingCodec.encode(in);
      assertTrue(!line.contains("\n"), "one line: " + line);
      assertEquals(in, RecordingCodec.decode(line), line);
    }
  }

  @Test
  void seededRandomSnapshotsRoundTripExactly() {
    Random r = new Random(19);
    for (int i = 0; i < 500; i++) {
      PlanSnapshot s = RandomSnapshots.randomSnapshot(r, i);
      LaneInput in = new LaneInput.PlansAdded(List.of(s), r.nextBoolean(), T0);
      assertEquals(in, RecordingCodec.decode(RecordingCodec.encode(in)), "snapshot " + i);
    }
  }

  @Test
  void theWriterSegmentsReadBackInOrderForTheUsersLane() throws Exception {
    MutableClock clock = new MutableClock(T0);
    RecordingConfig config =
        new RecordingConfig(dir, Duration.ofDays(7), 1 << 30, 1000, Duration.ofMinutes(1));
    List<LaneInput> written = everyKind();
    int lane = com.tradeplan.engine.LaneEngine.laneIndexOf("alice", 3);
    try (RecordingWriter w = new RecordingWriter(config, clock, () -> "READY", m -> {})) {
      for (LaneInput in : written) {
        w.record(lane, in);
        w.record((lane + 1) % 3, new LaneInput.TickSeen(Tick.of("MSFT", T0, BigDecimal.TEN)));
      }
      assertTrue(w.seal(10_000), "sealed");
      clock.advance(Duration.ofMinutes(2)); // a new slice: a second segment
      w.record(lane, new LaneInput.TickSeen(Tick.of("AAPL", T0.plusSeconds(120), BigDecimal.ONE)));
      assertTrue(w.seal(10_000), "sealed");
    }
    UserRecording rec = new RecordingReader(dir, 1_000).read("alice", null, null);
    assertEquals(List.of("12 entries of lane " + lane + " not recorded at " + T0), rec.problems());
    List<LaneInput> expected = new ArrayList<>(written);
    expected.add(new LaneInput.TickSeen(Tick.of("AAPL", T0.plusSeconds(120), BigDecimal.ONE)));
    // the writer samples the link once a second: READY may come between entries; drop it
    List<LaneInput> read =
        rec.entries().stream()
            .filter(e -> !(e instanceof LaneInput.LinkChanged l && l.state().equals("READY")))
            .toList();
    assertEquals(expected, read);
    assertTrue(Segments.list(dir).size() >= 3, "segments per lane and slice");
  }

  @Test
  void aTruncatedSegmentNamesItsFileAndOffset() throws Exception {
    Path file =
        segment(0, "{\"k\":\"tick\",\"symbol\":\"AAPL\",\"time\":\"" + T0 + "\",\"last\":\"1\"}\n");
    byte[] whole = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(whole, whole.length - 12));
    List<LaneInput> seen = new ArrayList<>();
    RecordingFormatException e =
        assertThrows(
            RecordingFormatException.class,
            () -> SegmentReader.read(file, h -> {}, seen::add, false));
    assertEquals(file, e.file());
    assertTrue(e.getMessage().startsWith(file + " at byte "), e.getMessage());
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void aCorruptLineNamesItsFileOffsetAndLine() throws Exception {
    String good = "{\"k\":\"tick\",\"symbol\":\"AAPL\",\"time\":\"" + T0 + "\",\"last\":\"1\"}\n";
    Path file = segment(0, good + "{\"k\":\"tick\",\"symbol\":\"AAPL\"}\n");
    List<LaneInput> seen = new ArrayList<>();
    RecordingFormatException e =
        assertThrows(
            RecordingFormatException.class,
            () ->
                SegmentReader.read(
                    file,
                    h -> {},
                    x -> {
                      seen.add(x);
                      return true;
                    },
                    false));
    long offset = header(0).getBytes(StandardCharsets.UTF_8).length + good.length();
    assertEquals(offset, e.offset());
    assertEquals(
        file + " at byte " + offset + " (line 3): corrupt entry: missing field time",
        e.getMessage());
    assertEquals(1, seen.size(), "the entry before it was handed on");
    // the reader turns it into a problem of the result, never a throw
    UserRecording rec = new RecordingReader(dir, 100).read("alice", null, null);
    assertTrue(
        rec.problems().get(rec.problems().size() - 1).contains(e.getMessage()),
        rec.problems().toString());
  }

  @Test
  void retentionDropsTheOldestSegmentsFirst() throws Exception {
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Path f = Segments.file(dir, i % 2, T0.plus(Duration.ofHours(i)), i);
      Files.createDirectories(f.getParent());
      Files.write(f, new byte[1000]);
      files.add(f);
    }
    // by size: 5000 bytes on disk, 3000 allowed: the two oldest go
    List<Segments.Segment> dropped =
        Retention.apply(
            dir, T0.plus(Duration.ofHours(5)), Duration.ofDays(7), 3000, java.util.Set.of());
    assertEquals(
        List.of(files.get(0), files.get(1)), dropped.stream().map(Segments.Segment::file).toList());
    // by age: opened before T0+3h30 (90 minutes before T0+5h), except the open one
    dropped =
        Retention.apply(
            dir,
            T0.plus(Duration.ofHours(5)),
            Duration.ofMinutes(90),
            1 << 20,
            java.util.Set.of(files.get(2)));
    assertEquals(List.of(files.get(3)), dropped.stream().map(Segments.Segment::file).toList());
    assertTrue(Files.exists(files.get(2)) && Files.exists(files.get(4)));
  }

  @Test
  void aFullQueueLosesEntriesAndMarksAGapNeverBlocking() throws Exception {
    RecordingConfig config =
        new RecordingConfig(dir, Duration.ofDays(7), 1 << 30, 16, Duration.ofHours(1));
    List<String> alerts = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (RecordingWriter w =
        new RecordingWriter(config, java.time.Clock.systemUTC(), null, alerts::add)) {
      w.record(0, new LaneInput.Started(T0, 1));
      long start = System.nanoTime();
      for (int i = 0; i < 20_000; i++) {
        w.record(0, new LaneInput.TickSeen(Tick.of("AAPL", T0, BigDecimal.ONE)));
      }
      assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos(), "never waits");
      assertTrue(w.lost() > 0, "a queue of 16 cannot take 20,000 at once");
      assertTrue(w.seal(10_000));
      Await.until(Duration.ofSeconds(5), () -> !alerts.isEmpty(), () -> "alerted");
    }
    UserRecording rec = new RecordingReader(dir, 1_000_000).read("alice", null, null);
    assertTrue(!rec.complete(), "a replay over it is incomplete");
    assertTrue(rec.problems().get(0).contains("not recorded"), rec.problems().toString());
  }

  @Test
  void aLanesNewestSegmentBeingWrittenWhenCopiedCountsOnlyWhenItMayHoldTheWindow()
      throws Exception {
    int mine = com.tradeplan.engine.LaneEngine.laneIndexOf("alice", 2);
    int other = 1 - mine;
    String tick = tickLine(T0.plusSeconds(10));
    Path sealed =
        segmentAt(
            mine,
            2,
            T0,
            1,
            "{\"k\":\"started\",\"time\":\"" + T0 + "\",\"lanes\":2}\n" + tick,
            false);
    segmentAt(other, 2, T0, 2, "", false);
    // a copy taken while the writer had just opened new segments: nothing of them on disk yet
    Instant later = T0.plusSeconds(60);
    Path emptyMine = emptyAt(mine, later, 3);
    emptyAt(other, later, 4);

    UserRecording window = new RecordingReader(dir, 100).read("alice", null, T0.plusSeconds(30));
    assertEquals(List.of(), window.problems(), "opened after the window's end");
    assertEquals(2, window.entries().size(), window.entries().toString());

    UserRecording whole = new RecordingReader(dir, 100).read("alice", null, null);
    assertEquals(
        List.of(
            emptyMine
                + ": an empty segment (opened at "
                + later
                + ", nothing written yet): entries of lane "
                + mine
                + " from then may be missing"),
        whole.problems(),
        "the whole recording may hold what it will hold; the other lane's is not alice's");

    UserRecording reaching = new RecordingReader(dir, 100).read("alice", null, T0.plusSeconds(90));
    assertEquals(1, reaching.problems().size(), "a window past its opening may miss entries");

    // the same segment flushed once: readable to its last flush, then the gzip stream ends
    Files.delete(emptyMine);
    segmentAt(mine, 2, later, 3, tickLine(later.plusSeconds(1)), true);
    UserRecording flushed = new RecordingReader(dir, 100).read("alice", null, T0.plusSeconds(30));
    assertEquals(List.of(), flushed.problems());
    UserRecording flushedWhole = new RecordingReader(dir, 100).read("alice", null, null);
    assertEquals(1, flushedWhole.problems().size(), flushedWhole.problems().toString());
    assertTrue(
        flushedWhole.problems().get(0).contains("truncated"), flushedWhole.problems().toString());
    // an older segment that cannot be read always counts, whatever the window
    Files.write(sealed, java.util.Arrays.copyOf(Files.readAllBytes(sealed), 30));
    assertEquals(
        1, new RecordingReader(dir, 100).read("alice", null, T0.plusSeconds(30)).problems().size());
  }

  private static String tickLine(Instant time) {
    return "{\"k\":\"tick\",\"symbol\":\"AAPL\",\"time\":\"" + time + "\",\"last\":\"1\"}\n";
  }

  private Path emptyAt(int lane, Instant opened, long counter) throws IOException {
    Path f = Segments.file(dir, lane, opened, counter);
    Files.createDirectories(f.getParent());
    Files.write(f, new byte[0]);
    return f;
  }

  /**
   * A segment of {@code lanes} lanes opened at {@code opened}; {@code open}: as the writer leaves
   * it at a flush, its gzip stream not ended.
   */
  private Path segmentAt(
      int lane, int lanes, Instant opened, long counter, String body, boolean open)
      throws IOException {
    Path f = Segments.file(dir, lane, opened, counter);
    Files.createDirectories(f.getParent());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    GZIPOutputStream out = new GZIPOutputStream(bytes, 512, true);
    String head =
        "{\"k\":\"header\",\"format\":1,\"lane\":"
            + lane
            + ",\"lanes\":"
            + lanes
            + ",\"opened\":\""
            + opened
            + "\"}\n";
    out.write((head + body).getBytes(StandardCharsets.UTF_8));
    if (open) {
      out.flush();
    } else {
      out.close();
    }
    Files.write(f, bytes.toByteArray());
    return f;
  }

  private Path segment(int lane, String body) throws IOException {
    Path f = Segments.file(dir, lane, T0, 1);
    Files.createDirectories(f.getParent());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write((header(lane) + body).getBytes(StandardCharsets.UTF_8));
    }
    Files.write(f, bytes.toByteArray());
    return f;
  }

  private static String header(int lane) {
    return "{\"k\":\"header\",\"format\":1,\"lane\":"
        + lane
        + ",\"lanes\":1,\"opened\":\""
        + T0
        + "\"}\n";
  }
}
