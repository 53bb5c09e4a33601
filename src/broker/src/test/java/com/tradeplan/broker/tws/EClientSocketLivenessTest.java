package com.tradeplan.broker.tws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A connection that watches itself: the heartbeat, the dead-link bound on silence, and writes that
 * can never block forever. Against a scripted server on loopback.
 */
class EClientSocketLivenessTest {
  private static final Liveness FAST = new Liveness(Duration.ofMillis(100), Duration.ofMillis(400));

  private final List<String> dead = new CopyOnWriteArrayList<>();
  private final List<String> stalled = new CopyOnWriteArrayList<>();
  private final List<String> resumed = new CopyOnWriteArrayList<>();
  private final List<String> closed = new CopyOnWriteArrayList<>();
  private final AtomicLong closedAtNanos = new AtomicLong();
  // How long the next currentTime callback keeps the reader (0: it returns at once).
  private final AtomicLong nextCallbackMillis = new AtomicLong();
  private final AtomicLong nextValidIds = new AtomicLong();
  private final EWrapper wrapper =
      new EWrapper() {
        @Override
        public void currentTime(long time) {
          long millis = nextCallbackMillis.getAndSet(0);
          if (millis > 0) {
            // A listener that keeps the reader thread (a lock, a full lane, a paused JVM)
            try {
              new java.util.concurrent.CountDownLatch(1).await(millis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        }

        @Override
        public void nextValidId(int orderId) {
          nextValidIds.incrementAndGet();
        }

        @Override
        public void linkDead(String reason) {
          dead.add(reason);
        }

        @Override
        public void readerStalled(String reason) {
          stalled.add(reason);
        }

        @Override
        public void readerResumed(String reason) {
          resumed.add(reason);
        }

        @Override
        public void connectionClosed(String reason) {
          closedAtNanos.set(System.nanoTime());
          closed.add(reason);
        }
      };
  private FakeTwsServer server;
  private EClientSocket client;
  private ScheduledExecutorService chatter;

  @AfterEach
  void tearDown() throws Exception {
    if (client != null) {
      client.eDisconnect();
    }
    if (chatter != null) {
      chatter.shutdownNow();
    }
    server.close();
  }

  /**
   * Connects with {@link #FAST} to a minimal server, waits for the first heartbeat, then makes the
   * answer to the next one keep the reader for {@code millis}.
   */
  private void connectThenKeepTheReaderOnTheNextHeartbeat(long millis) throws Exception {
    server = new FakeTwsServer(FakeTwsServer.MINIMAL_GATEWAY, 0);
    connect(FAST);
    FakeTwsServer.Peer peer = server.nextPeer(5_000);
    await().atMost(Duration.ofSeconds(5)).until(() -> peer.requestsOf(MsgIds.REQ_CURRENT_TIME) > 0);
    nextCallbackMillis.set(millis);
  }

  private EClientSocket connect(Liveness liveness) throws Exception {
    client = new EClientSocket(wrapper, null);
    client.setLiveness(liveness);
    client.connect("127.0.0.1", server.port(), 1, 5_000);
    return client;
  }

  @Test
  void aServerThatGoesSilentIsDeclaredDeadAfterTheBoundAndTheLinkIsClosed() throws Exception {
    server = new FakeTwsServer(FakeTwsServer.SILENT, 0);
    long start = System.nanoTime();
    connect(FAST);
    FakeTwsServer.Peer peer = server.nextPeer(5_000);

    await().atMost(Duration.ofSeconds(5)).until(() -> !closed.isEmpty());
    long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(closedAtNanos.get() - start);
    assertThat(elapsedMillis).as("never before the bound").isGreaterThanOrEqualTo(400);
    assertThat(dead).singleElement().asString().startsWith("nothing received from IB for");
    assertThat(closed).singleElement().asString().startsWith("link dead: nothing received");
    assertThat(client.isConnected()).isFalse();
    assertThat(peer.requestsOf(MsgIds.REQ_CURRENT_TIME))
        .as("heartbeats were sent while waiting")
        .isGreaterThanOrEqualTo(2);
  }

  @Test
  void aServerThatAnswersTheHeartbeatKeepsAnOtherwiseQuietLinkAlive() throws Exception {
    server = new FakeTwsServer(FakeTwsServer.MINIMAL_GATEWAY, 0);
    connect(FAST);
    FakeTwsServer.Peer peer = server.nextPeer(5_000);

    await()
        .during(Duration.ofMillis(1_500))
        .atMost(Duration.ofSeconds(5))
        .until(() -> client.isConnected());
    assertThat(dead).isEmpty();
    assertThat(stalled).as("quick callbacks are no stall").isEmpty();
    assertThat(peer.requestsOf(MsgIds.REQ_CURRENT_TIME)).isGreaterThanOrEqualTo(8);
  }

  /**
   * A callback that keeps the reader past the bound stops every price, status and fill of the
   * connection, and the reader's own checks cannot run: the heartbeat thread tells it once, with
   * where the reader is, and its return once more. The link stays up (IB is not the cause).
   */
  @Test
  void aCallbackStuckPastTheBoundIsToldOnceWithWhereTheReaderIsAndItsReturnToo() throws Exception {
    // the next heartbeat's answer keeps the reader 1.5 s > 400 ms
    connectThenKeepTheReaderOnTheNextHeartbeat(1_500);

    await().atMost(Duration.ofSeconds(5)).until(() -> !stalled.isEmpty());
    assertThat(stalled.get(0))
        .startsWith("the IB reader thread tws-reader-1 has been in one callback for ")
        .contains("(bound 400 ms): nothing IB sends on this connection is processed; at ")
        .contains("currentTime");
    await().atMost(Duration.ofSeconds(5)).until(() -> !resumed.isEmpty());
    assertThat(resumed.get(0)).startsWith("the IB reader is back after ");
    assertThat(stalled).as("told once").hasSize(1);
    assertThat(resumed).hasSize(1);
    assertThat(dead).as("the link is left up").isEmpty();
    assertThat(client.isConnected()).isTrue();
  }

  /**
   * The reader spends longer than the bound inside one callback while IB keeps answering: that is
   * time of our own, not silence from IB. The link was reset here (the run of docs/kill-switch.md,
   * "Why the link dropped"), discarding every report IB had sent meanwhile.
   */
  @Test
  void aCallbackThatKeepsTheReaderLongerThanTheBoundIsNotSilenceFromIb() throws Exception {
    // the next heartbeat's answer keeps the reader 700 ms > 400 ms
    connectThenKeepTheReaderOnTheNextHeartbeat(700);

    await().atMost(Duration.ofSeconds(5)).until(() -> nextCallbackMillis.get() == 0);
    await()
        .during(Duration.ofMillis(1_500))
        .atMost(Duration.ofSeconds(5))
        .until(() -> client.isConnected());
    assertThat(dead).as("a live link is not declared dead").isEmpty();
  }

  /**
   * The JVM stands still for 10 s (a long GC, a starved machine) while the reader waits for data
   * and the heartbeat thread stands still too, so IB had nothing to answer: that is not IB's
   * silence, and the link used to be reset the moment the reader ran again. The clock is the
   * test's: the pause is a jump of it, and the silence after it advances it step by step, each step
   * seen by the reader before the next.
   */
  @Test
  void aPauseOfTheJvmIsNotSilenceOnlyTimeTheReaderRanCounts() throws Exception {
    server = new FakeTwsServer(FakeTwsServer.SILENT, 0);
    AtomicLong now = new AtomicLong(1_000_000_000L);
    AtomicLong readerReads = new AtomicLong();
    client = new EClientSocket(wrapper, null);
    client.setLiveness(FAST); // reads time out every 25 ms; a reader gap over 50 ms is a pause
    client.setClock(
        () -> {
          if (Thread.currentThread().getName().startsWith("tws-reader-")) {
            readerReads.incrementAndGet();
          }
          return now.get();
        });
    client.connect("127.0.0.1", server.port(), 1, 5_000);
    server.nextPeer(5_000);
    // The server's one frame (nextValidId) read, and the reader back at the socket after it.
    await().atMost(Duration.ofSeconds(5)).until(() -> nextValidIds.get() == 1);
    long handled = readerReads.get();
    await().atMost(Duration.ofSeconds(5)).until(() -> readerReads.get() >= handled + 2);

    now.addAndGet(TimeUnit.SECONDS.toNanos(10)); // the pause
    long seen = readerReads.get();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> !dead.isEmpty() || readerReads.get() >= seen + 3);
    assertThat(dead).as("a pause of the JVM is not silence from IB").isEmpty();
    assertThat(client.isConnected()).isTrue();

    // Real silence from now on: 20 ms of running time per step; the pause counted 50 ms at most.
    long stepNanos = TimeUnit.MILLISECONDS.toNanos(20);
    int steps = 0;
    while (dead.isEmpty() && steps < 100) {
      assertThat(50 + 20 * steps).as("dead only after 400 ms of running silence").isLessThan(420);
      long before = readerReads.get();
      now.addAndGet(stepNanos);
      steps++;
      // Either the reader judged this step fatal, or it finished judging it and read again (its
      // first read may have come before the step: the third is certainly after its judgment).
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> !dead.isEmpty() || readerReads.get() >= before + 3);
    }
    assertThat(steps).as("the step past 400 ms of running silence ends the link").isEqualTo(18);
    await().atMost(Duration.ofSeconds(5)).until(() -> !closed.isEmpty());
    assertThat(dead)
        .singleElement()
        .asString()
        .startsWith("nothing received from IB for 410 ms")
        .endsWith("; 9950 ms of pauses of this process not counted)");
    assertThat(client.isConnected()).isFalse();
  }

  @Test
  void withoutLivenessNothingIsSentAndNothingIsDeclared() throws Exception {
    server = new FakeTwsServer(FakeTwsServer.SILENT, 0);
    connect(null);
    FakeTwsServer.Peer peer = server.nextPeer(5_000);

    await().during(Duration.ofMillis(600)).until(() -> client.isConnected());
    assertThat(peer.requests).isEmpty();
    assertThat(dead).isEmpty();
  }

  /**
   * The peer keeps talking but stops reading: the client's writes pile up until one blocks in the
   * socket. The bound ends it: the link is declared dead and the blocked writer gets false.
   */
  @Test
  void aWriteBlockedByAPeerThatStopsReadingEndsAtTheBoundItNeverBlocksForever() throws Exception {
    server = new FakeTwsServer(FakeTwsServer.SILENT, 4_096);
    server.stopReading();
    connect(FAST);
    FakeTwsServer.Peer peer = server.nextPeer(5_000);
    chatter = Executors.newSingleThreadScheduledExecutor();
    chatter.scheduleAtFixedRate(
        () -> peer.send(List.of(Integer.toString(MsgIds.CURRENT_TIME), "1", "1767225600")),
        0,
        50,
        TimeUnit.MILLISECONDS);
    String big = "x".repeat(256 * 1024);
    AtomicLong writerDoneNanos = new AtomicLong();
    Thread writer =
        new Thread(
            () -> {
              while (client.send(new FieldWriter().add(MsgIds.REQ_MKT_DATA).add(big))) {
                // until a write fails
              }
              writerDoneNanos.set(System.nanoTime());
            });
    writer.setDaemon(true);
    writer.start();

    await().atMost(Duration.ofSeconds(30)).until(() -> writerDoneNanos.get() != 0);
    assertThat(dead).singleElement().asString().startsWith("a write to IB has been blocked for");
    assertThat(client.isConnected()).isFalse();
  }
}
