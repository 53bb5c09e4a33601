package com.tradeplan.runtime;

import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.plan.PlanDraft;
import com.tradeplan.formats.PlansJson;
import com.tradeplan.store.UserRepository;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * The platform without a web server, for tests and tools:
 *
 * <pre>
 * java -cp ... com.tradeplan.runtime.PlatformMain [--activate PLANS.json]
 * </pre>
 *
 * Starts the platform from the environment ({@link PlatformConfig#fromEnvironment}), creates and
 * activates the plans of the file for their owners (a plan that exists already is left as it is, so
 * a restart with the same file resumes instead of duplicating; an owner with no IB account linked
 * is stored as a user that cannot log in and linked to the connection's default account, since this
 * runner has no operator to do it), and runs until SIGTERM (clean shutdown) or until killed. It
 * writes one line per fact to standard output, for scripts and the crash test: {@code READY
 * resumed=N resent=M}, {@code EVENT planId TYPE orderRef quantity price status}, {@code STATE
 * ticks=N orders=M symbols=A,B} (after the engine is idle; the symbols with market data now),
 * {@code STOPPED}, {@code HELD user,user,...} whenever the set of users this cluster member runs
 * changes (their plans are in the engine) and {@code CAUGHT_UP user,...} whenever the set of those
 * whose lane has also run everything queued before their take-over changes (checked every 10 ms).
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
    printEvents(platform, drafts, out);
    activate(platform, drafts);
    platform.awaitMarketData(Duration.ofSeconds(10));
    println(
        out,
        "READY resumed="
            + platform.recovery().resumed()
            + " resent="
            + platform.recovery().resent().size());
    daemon("tradeplan-state", () -> printStates(platform, stopped, out));
    daemon("tradeplan-held", () -> printHeldUsers(platform, stopped, out));
    stopped.await();
  }

  /** Prints an {@code EVENT} line for every event of the file's owners from now on. */
  private static void printEvents(Platform platform, List<PlanDraft> drafts, PrintStream out) {
    Set<String> owners = new LinkedHashSet<>();
    drafts.forEach(d -> owners.add(d.owner()));
    for (String owner : owners) {
      platform
          .service()
          .subscribe(
              owner,
              Long.MAX_VALUE,
              u -> {
                if (u.event() != null) {
                  println(out, "EVENT " + describe(u.event()));
                }
              });
    }
  }

  /** Creates and activates each plan; one that exists already is left as it is (a restart). */
  private static void activate(Platform platform, List<PlanDraft> drafts) {
    for (PlanDraft d : drafts) {
      CommandResult<PlanView> created = platform.service().createDraft(d.owner(), d);
      if (created instanceof CommandResult.Invalid<PlanView> inv) {
        System.err.println("plan " + d.id() + " is invalid: " + inv.errors());
        continue;
      }
      if (created instanceof CommandResult.Ok<PlanView> ok) {
        linkToDefaultAccount(platform, d.owner());
        CommandResult<PlanView> a =
            platform.service().activate(d.owner(), ok.value().snapshot().planId());
        if (!(a instanceof CommandResult.Ok)) {
          System.err.println("plan " + d.id() + " not activated: " + a);
        }
      }
    }
  }

  /** Links a plan file's owner without an account to the connection's default account. */
  private static void linkToDefaultAccount(Platform platform, String owner) {
    UserAccounts accounts = platform.accounts();
    if (accounts.accountOf(owner).isPresent()) {
      return;
    }
    // "!" is no BCrypt hash: this user can never log in; it only owns the file's plans.
    new UserRepository(platform.storeConnection())
        .insert(new UserRepository.StoredUser(owner, "!", List.of("TRADER"), null));
    UserAccounts.Linked linked = accounts.link(owner, accounts.defaultAccount());
    if (linked != UserAccounts.Linked.LINKED) {
      System.err.println("owner " + owner + " not linked to the default account: " + linked);
    }
  }

  /** Prints a {@code STATE} line whenever ticks or orders moved and the engine is idle again. */
  private static void printStates(Platform platform, CountDownLatch stopped, PrintStream out) {
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
                      ",", new TreeSet<>(platform.health().marketDataAgeMillis().keySet())));
          lastTicks = t;
          lastOrders = o;
        }
      }
      LockSupport.parkNanos(2_000_000);
    }
  }

  /** Prints {@code HELD} and {@code CAUGHT_UP} lines whenever those sets change (every 10 ms). */
  private static void printHeldUsers(Platform platform, CountDownLatch stopped, PrintStream out) {
    Set<String> last = null;
    Set<String> lastCaughtUp = null;
    while (stopped.getCount() > 0) {
      Set<String> now = new TreeSet<>(platform.heldUsers());
      if (!now.equals(last)) {
        println(out, "HELD " + String.join(",", now));
        last = now;
      }
      Set<String> caught = new TreeSet<>(platform.caughtUpUsers());
      if (!caught.equals(lastCaughtUp)) {
        println(out, "CAUGHT_UP " + String.join(",", caught));
        lastCaughtUp = caught;
      }
      LockSupport.parkNanos(10_000_000);
    }
  }

  private static void daemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
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
