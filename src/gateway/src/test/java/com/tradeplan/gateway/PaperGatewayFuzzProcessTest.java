package com.tradeplan.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tradeplan.broker.tws.Contract;
import com.tradeplan.broker.tws.FieldWriter;
import com.tradeplan.broker.tws.Frames;
import com.tradeplan.broker.tws.MsgIds;
import com.tradeplan.broker.tws.Requests;
import com.tradeplan.broker.tws.TwsOrder;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A seeded storm of broken and hostile clients, several at once, against a paper gateway in its own
 * JVM with a 64 MiB heap that exits on OutOfMemoryError: random bytes, truncated frames, lengths up
 * to 2 GiB before and after the handshake, bodies of 1 MiB, nasty numbers and long texts in every
 * request the gateway serves, subscription and order floods. Afterwards the gateway process is
 * alive and a well-behaved client places an order and gets its fill. The seed is printed; rerun one
 * with {@code -Dfuzz.seed=N}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PaperGatewayFuzzProcessTest {
  private static final int ATTACKERS = 6;
  private static final int ROUNDS_PER_ATTACKER = 30;
  private static final String[] NASTY_NUMBERS = {
    "1E+999999999",
    "1E-999999999",
    "-1",
    "0",
    "NaN",
    "Infinity",
    "1e3",
    "99999999999999999999",
    "2147483648",
    "-2147483649",
    "0.00000000000000000001",
    "1.7976931348623157E308",
    "",
    "x",
    "100"
  };
  private static final int[] SERVED = {
    MsgIds.PLACE_ORDER,
    MsgIds.CANCEL_ORDER,
    MsgIds.REQ_MKT_DATA,
    MsgIds.CANCEL_MKT_DATA,
    MsgIds.REQ_TICK_BY_TICK_DATA,
    MsgIds.CANCEL_TICK_BY_TICK_DATA,
    MsgIds.REQ_EXECUTIONS,
    MsgIds.REQ_OPEN_ORDERS,
    MsgIds.REQ_ALL_OPEN_ORDERS,
    MsgIds.REQ_POSITIONS,
    MsgIds.REQ_IDS,
    MsgIds.REQ_CURRENT_TIME,
    MsgIds.REQ_GLOBAL_CANCEL
  };

  private GatewayProcess gatewayProcess;

  @AfterEach
  void stopTheGateway() {
    if (gatewayProcess != null) {
      gatewayProcess.close();
    }
  }

  @Test
  void aStormOfBrokenClientsLeavesTheGatewayServingAWellBehavedOne() throws Exception {
    long seed = Long.getLong("fuzz.seed", 20L);
    System.out.println("PaperGatewayFuzzProcessTest seed " + seed);
    int port = startGatewayProcess();

    ExecutorService pool = Executors.newFixedThreadPool(ATTACKERS);
    try {
      List<Future<?>> attackers = new ArrayList<>();
      for (int a = 0; a < ATTACKERS; a++) {
        Random random = new Random(seed * 31 + a);
        int firstClientId = 100 + a * 1000;
        attackers.add(pool.submit(() -> attack(port, random, firstClientId)));
      }
      for (Future<?> f : attackers) {
        f.get(90, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(gatewayProcess.alive())
        .as(
            "the gateway process survived the storm of seed %d (it exited with %s; its log:"
                + " target/gateway-processes/fuzz-gateway.err)",
            seed, gatewayProcess.exit())
        .isTrue();

    AtomicReference<RawClient> good = new AtomicReference<>();
    await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .until(
            () -> {
              RawClient c = RawClient.connect(port, 1);
              good.set(c);
              return true;
            });
    try (RawClient c = good.get()) {
      await().atMost(Duration.ofSeconds(10)).until(() -> c.saw("nextValidId"));
      int id = nextValidId(c);
      c.place(id, "AAPL", RawClient.order("BUY", "3", "MKT"));
      await().atMost(Duration.ofSeconds(15)).until(() -> "Filled".equals(c.lastStatusOf(id)));
      await().atMost(Duration.ofSeconds(15)).until(() -> !c.executionsOf(id).isEmpty());
      assertThat(c.executionsOf(id)).singleElement();
    }
    assertThat(gatewayProcess.alive()).isTrue();
  }

  private static int nextValidId(RawClient c) {
    return c.events.stream()
        .filter(e -> e.startsWith("nextValidId "))
        .map(e -> Integer.parseInt(e.substring("nextValidId ".length())))
        .reduce((x, y) -> y)
        .orElseThrow();
  }

  /** Starts PaperGatewayMain in a 64 MiB JVM; returns the port it listens on. */
  private int startGatewayProcess() {
    gatewayProcess =
        GatewayProcess.start(
            "fuzz-gateway",
            List.of(
                "-Xmx64m",
                "-XX:+ExitOnOutOfMemoryError",
                "-XX:TieredStopAtLevel=1",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"),
            "--symbols",
            "AAPL");
    return gatewayProcess.port();
  }

  private static void attack(int port, Random random, int firstClientId) {
    for (int round = 0; round < ROUNDS_PER_ATTACKER; round++) {
      try {
        if (random.nextInt(4) == 0) {
          beforeTheHandshake(port, random);
        } else {
          afterTheHandshake(port, random, firstClientId + random.nextInt(50));
        }
      } catch (IOException e) {
        // the gateway closed the connection or refused it: expected for most of these
      }
    }
  }

  private static void beforeTheHandshake(int port, Random random) throws IOException {
    try (RawSocket s = RawSocket.open(port)) {
      switch (random.nextInt(4)) {
        case 0 -> s.write(randomBytes(random, 1 + random.nextInt(4096)));
        case 1 -> {
          s.write(RawSocket.apiPrefix());
          s.write(RawSocket.lengthOnly(hugeLength(random)));
          s.write(randomBytes(random, random.nextInt(64)));
        }
        case 2 -> s.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        default -> {
          s.write(RawSocket.apiPrefix());
          byte[] range =
              ("v" + randomNumberText(random) + ".." + randomNumberText(random))
                  .getBytes(StandardCharsets.UTF_8);
          s.write(Frames.withLength(range));
          s.write(Requests.startApi(random.nextInt(), "").frame());
        }
      }
      s.closedWithin(Duration.ofMillis(200));
    }
  }

  private static void afterTheHandshake(int port, Random random, int clientId) throws IOException {
    try (RawSocket s = RawSocket.handshaken(port, clientId)) {
      int messages = 1 + random.nextInt(40);
      for (int i = 0; i < messages; i++) {
        if (!s.write(nastyMessage(random))) {
          return;
        }
      }
      s.closedWithin(Duration.ofMillis(50));
    }
  }

  /** Mostly requests the gateway serves, with nasty values; now and then one that ends the link. */
  private static byte[] nastyMessage(Random random) {
    int kind = random.nextInt(40);
    if (kind == 0) {
      return randomBytes(random, 1 + random.nextInt(512));
    }
    if (kind == 1) {
      return RawSocket.lengthOnly(hugeLength(random));
    }
    if (kind == 2) {
      byte[] body = new byte[1024 * 1024];
      body[0] = '4';
      body[1] = '9';
      return Frames.withLength(body);
    }
    if (kind == 3) {
      byte[] frame = Frames.frame(randomFields(random, SERVED[random.nextInt(SERVED.length)]));
      return Arrays.copyOf(frame, 1 + random.nextInt(frame.length));
    }
    if (kind <= 19) {
      return nastyOrder(random);
    }
    if (kind <= 27) {
      Contract c = Contract.stock(randomText(random), "SMART", "USD");
      return Requests.reqMktData(random.nextInt(), c, "", false, false).frame();
    }
    return Frames.frame(randomFields(random, SERVED[random.nextInt(SERVED.length)]));
  }

  /** A placeOrder whose quantity, prices and texts come from the nasty lists. */
  private static byte[] nastyOrder(Random random) {
    TwsOrder o = RawClient.order(random.nextBoolean() ? "BUY" : "SELL", "1", "LMT");
    o.lmtPrice = new BigDecimal("1.00");
    o.orderRef = randomText(random);
    o.ocaGroup = random.nextBoolean() ? "" : randomText(random);
    FieldWriter w =
        Requests.placeOrder(
            random.nextInt(100_000),
            Contract.stock(random.nextBoolean() ? "AAPL" : randomText(random), "SMART", "USD"),
            o);
    List<String> fields = new ArrayList<>(w.fields());
    fields.set(17, NASTY_NUMBERS[random.nextInt(NASTY_NUMBERS.length)]);
    fields.set(19, NASTY_NUMBERS[random.nextInt(NASTY_NUMBERS.length)]);
    fields.set(20, NASTY_NUMBERS[random.nextInt(NASTY_NUMBERS.length)]);
    return Frames.frame(fields);
  }

  private static List<String> randomFields(Random random, int msgId) {
    List<String> fields = new ArrayList<>();
    fields.add(Integer.toString(msgId));
    int n = random.nextInt(120);
    for (int i = 0; i < n; i++) {
      fields.add(
          random.nextBoolean()
              ? NASTY_NUMBERS[random.nextInt(NASTY_NUMBERS.length)]
              : randomText(random));
    }
    return fields;
  }

  private static String randomText(Random random) {
    int length = random.nextInt(8) == 0 ? 1 + random.nextInt(3_000) : random.nextInt(12);
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append((char) ('A' + random.nextInt(26)));
    }
    return sb.toString();
  }

  private static String randomNumberText(Random random) {
    return random.nextBoolean()
        ? Integer.toString(random.nextInt(300))
        : NASTY_NUMBERS[random.nextInt(NASTY_NUMBERS.length)];
  }

  private static int hugeLength(Random random) {
    return switch (random.nextInt(3)) {
      case 0 -> 0xFFFFFF;
      case 1 -> 65 * 1024 + random.nextInt(0xFFFFFF - 65 * 1024);
      default -> random.nextInt(Integer.MAX_VALUE);
    };
  }

  private static byte[] randomBytes(Random random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
