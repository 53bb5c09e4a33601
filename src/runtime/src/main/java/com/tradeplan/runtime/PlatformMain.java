package com.tradeplan.runtime;

import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.plan.PlanDraft;
import com.tradeplan.formats.PlansJson;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * The platform without a web server, for tests and tools:
 *
 * <pre>
 * java -cp ... com.tradeplan.runtime.PlatformMain [--activate PLANS.json]
 * </pre>
 *
 * Starts the platform from the environment ({@link PlatformConfig#fromEnvironment}), creates and
 * activates the plans of the file for their owners (a plan that exists already is left as it is, so
 * a restart with the same file resumes instead of duplicating), and runs until SIGTERM (clean
 * shutdown) or until killed. It writes one line per fact to standard output, for scripts and the
 * crash test: {@code READY resumed=N resent=M}, {@code EVENT planId TYPE orderRef quantity price
 * status}, {@code STATE ticks=N orders=M symbols=A,B} (after the engine is idle; the symbols with
 * market data now), {@code STOPPED}, {@code HELD user,user,...} whenever the set of users this
 * cluster member runs changes (their plans are in the engine) and {@code CAUGHT_UP user,...}
 * whenever the set of those whose lane has also run everything queued before their take-over
 * changes (checked every 10 ms).
 */
public final class PlatformMain {
  private PlatformMain() {}

  public static void main(String[] args) throws Exception {
    Path plansFile = null;
    for (int i = 0; i < args.length; i++) {
      if ("--activate".equals(args[i]) && i + 1 < args.length) {
        plansFile = Path.of(args[++i]);
      } else {
        System.err.println("usage: PlatformMain [--activate PLANS.json]");
        System.exit(2);
      }
    }
    PrintStream out = System.out;
    Platform platform = Platform.start(PlatformConfig.fromEnvironment(System.getenv()));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  platform.close();
                  println(out, "STOPPED");
                  stopped.countDown();
                },
                "tradeplan-shutdown"));

    List<PlanDraft> drafts = plansFile == null ? List.of() : PlansJson.read(plansFile);
    Set<String> owners = new LinkedHashSet<>();
    drafts.forEach(d -> owners.add(d.owner()));
    List<AutoCloseable> subs = new ArrayList<>();
    for (String owner : owners) {
      subs.add(
          platform
              .service()
              .subscribe(
                  owner,
                  Long.MAX_VALUE,
                  u -> {
                    if (u.event() != null) {
                      println(out, "EVENT " + describe(u.event()));
                    }
                  }));
    }
    for (PlanDraft d : drafts) {
      CommandResult<PlanView> created = platform.service().createDraft(d.owner(), d);
      if (created instanceof CommandResult.Invalid<PlanView> inv) {
        System.err.println("plan " + d.id() + " is invalid: " + inv.errors());
        continue;
      }
      if (created instanceof CommandResult.Ok<PlanView> ok) {
        CommandResult<PlanView> a =
            platform.service().activate(d.owner(), ok.value().snapshot().planId());
        if (!(a instanceof CommandResult.Ok)) {
          System.err.println("plan " + d.id() + " not activated: " + a);
        }
      }
    }
    platform.awaitMarketData(Duration.ofSeconds(10));
    println(
        out,
        "READY resumed="
            + platform.recovery().resumed()
            + " resent="
            + platform.recovery().resent().size());

    Thread state =
        new Thread(
            () -> {
              long lastTicks = -1;
              long lastOrders = -1;
              while (stopped.getCount() > 0) {
                long t = platform.ticksReceived();
                long o = platform.ordersDecided();
                if (t != lastTicks || o != lastOrders) {
                  // Printed only when nothing moved while the lanes were drained: the line then
                  // says "everything up to this tick was evaluated, these orders were decided".
                  if (platform.awaitEngineIdle(Duration.ofSeconds(5))
                      && t == platform.ticksReceived()
                      && o == platform.ordersDecided()) {
                    println(
                        out,
                        "STATE ticks="
                            + t
                            + " orders="
                            + o
                            + " symbols="
                            + String.join(
                                ",",
                                new java.util.TreeSet<>(
                                    platform.health().marketDataAgeMillis().keySet())));
                    lastTicks = t;
                    lastOrders = o;
                  }
                }
                java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
              }
            },
            "tradeplan-state");
    state.setDaemon(true);
    state.start();
    {
      Thread held =
          new Thread(
              () -> {
                java.util.Set<String> last = null;
                java.util.Set<String> lastCaughtUp = null;
                while (stopped.getCount() > 0) {
                  java.util.Set<String> now = new java.util.TreeSet<>(platform.heldUsers());
                  if (!now.equals(last)) {
                    println(out, "HELD " + String.join(",", now));
                    last = now;
                  }
                  java.util.Set<String> caught = new java.util.TreeSet<>(platform.caughtUpUsers());
                  if (!caught.equals(lastCaughtUp)) {
                    println(out, "CAUGHT_UP " + String.join(",", caught));
                    lastCaughtUp = caught;
                  }
                  java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
                }
              },
              "tradeplan-held");
      held.setDaemon(true);
      held.start();
    }
    stopped.await();
  }

  private static String describe(PlanEvent e) {
    return e.planId()
        + " "
        + e.type()
        + " "
        + e.orderRef()
        + " "
        + e.quantity()
        + " "
        + (e.price() == null ? null : e.price().toPlainString())
        + " "
        + e.orderStatus();
  }

  private static void println(PrintStream out, String line) {
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }
}
