package com.tradeplan.gateway;

import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the paper gateway alone: {@code --port 4002 --ticks FILE [--speed X] [--seed N] [--symbols
 * A,B] [--account DU1,DU2] [--max-fill-per-tick N] [--fill-latency-ms N] [--commission MODEL]
 * [--account-commission ACCOUNT=MODEL]... [--trading-hours] [--time-zone ZONE] [--sessions S]
 * [--symbol-sessions SYM=S,...] [--holidays H] [--holidays-file FILE] [--print-orders]} ({@link
 * GatewayOptions}, and its environment variables). MODEL is the simulator's notation
 * (docs/simulator.md, "Commissions"), IB fixed by default. Without --ticks it runs a seeded random
 * walk on --symbols (default AAPL). {@code --print-orders} prints one line per order received,
 * {@code ORDER <clientId> <orderId> <orderRef>} (whatIf and modifications included, flagged), so
 * that a test driving it as a separate process can prove no order arrived twice. A bad option is
 * one line on stderr naming it and why, and exit status 2.
 */
public final class PaperGatewayMain {
  private PaperGatewayMain() {}

  public static void main(String[] args) throws Exception {
    GatewayOptions.Parsed parsed = GatewayOptions.parse(List.of(args), System.getenv());
    if (parsed.help()) {
      System.out.println(GatewayOptions.USAGE);
      return;
    }
    if (parsed.problem() != null) {
      System.err.println("gateway: " + parsed.problem());
      System.exit(2);
    }
    GatewayConfig c = parsed.config();
    boolean printOrders = parsed.printOrders();
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
}
