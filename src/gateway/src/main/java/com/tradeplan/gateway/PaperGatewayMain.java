package com.tradeplan.gateway;

import com.tradeplan.domain.commission.CommissionModel;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the paper gateway alone: {@code --port 4002 --ticks FILE [--speed X] [--seed N] [--symbols
 * A,B] [--account DU1] [--max-fill-per-tick N] [--fill-latency-ms N] [--commission MODEL]
 * [--print-orders]}. MODEL is the simulator's notation (docs/simulator.md, "Commissions"), IB fixed
 * by default. Without --ticks it runs a seeded random walk on --symbols (default AAPL). {@code
 * --print-orders} prints one line per order received, {@code ORDER <clientId> <orderId> <orderRef>}
 * (whatIf and modifications included, flagged), so that a test driving it as a separate process can
 * prove no order arrived twice.
 */
public final class PaperGatewayMain {
  private PaperGatewayMain() {}

  public static void main(String[] args) throws Exception {
    GatewayConfig c = new GatewayConfig();
    c.port = 4002;
    boolean printOrders = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String v = i + 1 < args.length ? args[i + 1] : null;
      switch (a) {
        case "--port" -> c.port = Integer.parseInt(need(a, v));
        case "--ticks" -> c.ticksFile = Path.of(need(a, v));
        case "--speed" -> c.speed = Double.parseDouble(need(a, v));
        case "--seed" -> c.seed = Long.parseLong(need(a, v));
        case "--symbols" -> c.randomWalkSymbols = Arrays.asList(need(a, v).split(","));
        case "--account" -> c.accounts = List.of(need(a, v).split(","));
        case "--bind" -> c.bindAddress = need(a, v);
        case "--max-fill-per-tick" -> c.maxFillPerTick = new BigDecimal(need(a, v));
        case "--fill-latency-ms" -> c.fillLatencyMillis = Long.parseLong(need(a, v));
        case "--commission" -> c.commission = CommissionModel.parse(need(a, v));
        case "--print-orders" -> {
          printOrders = true;
          i--; // a flag: no value
        }
        case "-h", "--help" -> {
          System.out.println(
              "usage: gateway --port 4002 --ticks FILE [--speed X] [--seed N] [--symbols A,B]"
                  + " [--account DU1] [--max-fill-per-tick N] [--fill-latency-ms N] [--commission MODEL]"
                  + " [--bind ADDR]"
                  + " [--print-orders]");
          return;
        }
        default -> {
          System.err.println("gateway: unknown option " + a);
          System.exit(2);
        }
      }
      i++;
    }
    if (c.ticksFile == null && c.randomWalkSymbols.isEmpty()) {
      c.randomWalkSymbols = List.of("AAPL");
    }
    PaperGateway gw = new PaperGateway(c);
    if (printOrders) {
      gw.getAudit()
          .setListener(
              e ->
                  System.out.println(
                      "ORDER "
                          + e.clientId()
                          + " "
                          + e.orderId()
                          + " "
                          + e.orderRef()
                          + (e.whatIf() ? " whatIf" : "")
                          + (e.modification() ? " modification" : "")));
    }
    gw.start();
    System.out.println("paper gateway listening on " + c.bindAddress + ":" + gw.port());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  gw.stop();
                  stopped.countDown();
                }));
    stopped.await();
  }

  private static String need(String option, String value) {
    if (value == null) {
      System.err.println("gateway: " + option + " needs a value");
      System.exit(2);
    }
    return value;
  }
}
