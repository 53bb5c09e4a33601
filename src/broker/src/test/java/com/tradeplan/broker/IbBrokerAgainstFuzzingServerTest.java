package com.tradeplan.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tradeplan.broker.tws.FakeTwsServer;
import com.tradeplan.broker.tws.Frames;
import com.tradeplan.broker.tws.MsgIds;
import com.tradeplan.domain.plan.Instrument;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Seeded garbage on a live socket into a whole {@link IbBroker}: random bytes in well-formed
 * frames, mutated messages, and, to end some bursts, an impossible length or a frame cut by the
 * server closing. After each burst the reader is either still reading (a price sent next arrives)
 * or the link was closed cleanly with an alert and the broker is back on a new connection (where
 * the price arrives). No thread ever dies of an uncaught exception.
 */
class IbBrokerAgainstFuzzingServerTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final int SEEDS = 25;

  private final List<String> alerts = new CopyOnWriteArrayList<>();
  private final List<BigDecimal> prices = new CopyOnWriteArrayList<>();
  private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
  private Thread.UncaughtExceptionHandler previous;
  private FakeTwsServer server;
  private IbBroker broker;

  @BeforeEach
  void watchThreads() {
    previous = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(e));
  }

  @AfterEach
  void tearDown() throws Exception {
    if (broker != null) {
      broker.close();
    }
    if (server != null) {
      server.close();
    }
    Thread.setDefaultUncaughtExceptionHandler(previous);
  }

  private static byte[] randomFrameOfFields(Random r) {
    List<String> fields = new ArrayList<>();
    fields.add(Integer.toString(r.nextInt(3) == 0 ? r.nextInt(200) : pickKnownId(r)));
    for (int i = 0; i < r.nextInt(60); i++) {
      fields.add(
          switch (r.nextInt(6)) {
            case 0 -> "";
            case 1 -> Integer.toString(r.nextInt());
            case 2 -> Integer.toString(r.nextInt(5));
            case 3 -> "1E-99999";
            case 4 -> "10000";
            default -> Long.toString(r.nextLong(), 36);
          });
    }
    return Frames.frame(fields);
  }

  private static int pickKnownId(Random r) {
    int[] ids = {
      MsgIds.TICK_PRICE,
      MsgIds.TICK_SIZE,
      MsgIds.ORDER_STATUS,
      MsgIds.ERR_MSG,
      MsgIds.OPEN_ORDER,
      MsgIds.NEXT_VALID_ID,
      MsgIds.EXECUTION_DATA,
      MsgIds.MANAGED_ACCTS,
      MsgIds.CURRENT_TIME,
      MsgIds.COMMISSION_REPORT,
      MsgIds.POSITION,
      MsgIds.TICK_BY_TICK,
      MsgIds.CONTRACT_DATA,
      MsgIds.CONTRACT_DATA_END,
      MsgIds.MARKET_RULE,
      MsgIds.MARKET_RULE
    };
    return ids[r.nextInt(ids.length)];
  }

  private static byte[] randomBytesFrame(Random r) {
    byte[] body = new byte[1 + r.nextInt(r.nextInt(8) == 0 ? 100_000 : 200)];
    r.nextBytes(body);
    return Frames.withLength(body);
  }

  private static byte[] probe(BigDecimal price) {
    return Frames.frame(
        List.of(
            Integer.toString(MsgIds.TICK_PRICE),
            "3",
            "10000",
            "4",
            price.toPlainString(),
            "1",
            "0"));
  }

  @Test
  void garbageNeverKillsTheReaderItSurvivesOrTheLinkClosesCleanlyWithAnAlert() throws Exception {
    server = new FakeTwsServer(FakeTwsServer.MINIMAL_GATEWAY, 0);
    IbBrokerConfig config =
        IbBrokerConfig.of("127.0.0.1", server.port(), 11, "")
            .withBackoff(Duration.ofMillis(10), Duration.ofMillis(50), 3);
    broker = new IbBroker(config, (kind, msg) -> alerts.add(kind));
    broker.subscribeTicks(Instrument.stock("AAPL"), t -> prices.add(t.last()));
    broker.start();
    FakeTwsServer.Peer peer = server.nextPeer(WAIT.toMillis());
    assertThat(broker.awaitReady(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    int survived = 0;
    int reconnected = 0;
    for (long seed = 1; seed <= SEEDS; seed++) {
      Random r = new Random(seed);
      FakeTwsServer.Peer current = peer;
      await().atMost(WAIT).until(() -> current.requestsOf(MsgIds.REQ_MKT_DATA) > 0);
      ByteArrayOutputStream burst = new ByteArrayOutputStream();
      for (int i = 0; i < 1 + r.nextInt(50); i++) {
        burst.writeBytes(r.nextBoolean() ? randomFrameOfFields(r) : randomBytesFrame(r));
      }
      int ending = r.nextInt(4);
      if (ending == 1) {
        burst.writeBytes(
            new byte[] {(byte) (0x80 | r.nextInt(0x7f)), 0, 0, 1}); // impossible length
      }
      if (ending == 2) {
        burst.writeBytes(new byte[] {0, 0, 1, 0, '1', 0}); // a frame the stream never completes
      }
      // Counted before the burst: the broker's reader may see the link end before this thread
      // runs again.
      int lostBefore = countOf("IB_LINK_LOST") + countOf("IB_LINK_DEAD");
      peer.sendRaw(burst.toByteArray());
      if (ending == 2) {
        peer.close();
      }
      BigDecimal price = new BigDecimal(1000 + seed + ".25");
      if (ending == 1 || ending == 2) {
        // the link's end is alerted as lost (the reader saw the stream end) or, when the
        // watchdog saw it first (a slow machine), as dead: either is loud, neither may be missing
        peer = server.nextPeer(WAIT.toMillis());
        assertThat(peer).as("seed %d: the broker reconnects", seed).isNotNull();
        long s = seed;
        await()
            .atMost(WAIT)
            .alias("seed " + s + ": the closed link was alerted")
            .until(() -> countOf("IB_LINK_LOST") + countOf("IB_LINK_DEAD") > lostBefore);
        reconnected++;
      } else {
        survived++;
      }
      FakeTwsServer.Peer now = peer;
      await().atMost(WAIT).until(() -> now.requestsOf(MsgIds.REQ_MKT_DATA) > 0);
      now.sendRaw(probe(price));
      await()
          .atMost(WAIT)
          .alias("seed " + seed + ": the reader still delivers prices")
          .until(() -> prices.stream().anyMatch(p -> p.compareTo(price) == 0));
    }
    assertThat(survived).as("bursts the reader read through").isPositive();
    assertThat(reconnected).as("bursts that broke the stream").isPositive();
    assertThat(uncaught).as("threads killed by an uncaught exception").isEmpty();
  }

  private int countOf(String kind) {
    return (int) alerts.stream().filter(kind::equals).count();
  }
}
