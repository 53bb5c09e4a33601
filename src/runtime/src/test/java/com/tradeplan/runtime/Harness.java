package com.tradeplan.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tradeplan.broker.IbBrokerConfig;
import com.tradeplan.domain.commission.CommissionModel;
import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.plan.PlanDraft;
import com.tradeplan.gateway.GatewayConfig;
import com.tradeplan.gateway.PaperGateway;
import com.tradeplan.testkit.Await;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A real platform (embedded store over TCP, engine, IbBroker) against a real paper gateway on a
 * free loopback port, driven tick by tick: each tick is published, then the harness waits until the
 * platform evaluated it and every order it decided has reached the gateway, so that the next tick
 * fills them exactly as the simulator's next-tick model does.
 */
final class Harness implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(20);

  final PaperGateway gateway;
  final Path dataDir;
  Platform platform;
  private long ticksPublished;

  Harness(Path dataDir, GatewayConfig gatewayConfig) throws Exception {
    this.dataDir = dataDir;
    this.gateway = new PaperGateway(gatewayConfig).start();
  }

  /** A gateway without commissions, so realized P&L compares exactly with the simulator. */
  static GatewayConfig gatewayConfig() {
    GatewayConfig g = new GatewayConfig();
    g.commission = CommissionModel.NONE;
    return g;
  }

  static PlatformConfig platformConfig(Path dataDir, int gatewayPort, String account) {
    return platformConfig(environment(dataDir, gatewayPort, account), gatewayPort, account);
  }

  /**
   * The environment of {@link #platformConfig(Path, int, String)}, to change before {@link
   * #platformConfig(Map, int, String)}: the data directory, the gateway as IB, and risk limits no
   * test run reaches (1,000 orders per second per owner).
   */
  static Map<String, String> environment(Path dataDir, int gatewayPort, String account) {
    Map<String, String> env = new java.util.HashMap<>();
    env.put("TRADEPLAN_DATA_DIR", dataDir.toString());
    env.put("IB_HOST", "127.0.0.1");
    env.put("IB_PORT", Integer.toString(gatewayPort));
    env.put("IB_CLIENT_ID", "7");
    env.put("IB_ACCOUNT", account);
    env.put("TRADEPLAN_ORDERS_PER_SECOND_PER_OWNER", "1000");
    env.put("TRADEPLAN_ORDER_BURST_PER_OWNER", "1000");
    return env;
  }

  /** The platform of {@code env}, with fast pacing and reconnects towards the gateway. */
  static PlatformConfig platformConfig(Map<String, String> env, int gatewayPort, String account) {
    return PlatformConfig.fromEnvironment(env)
        .withIb(
            IbBrokerConfig.of("127.0.0.1", gatewayPort, 7, account)
                .withPacing(500, 50)
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500), 1));
  }

  Platform start() {
    platform = Platform.start(platformConfig(dataDir, gateway.port(), gateway.account()));
    auditBase = ordersReceived();
    return platform;
  }

  TradingService service() {
    return platform.service();
  }

  /** Creates and activates a plan of {@code owner}, linked to the gateway's default account. */
  String activate(String owner, PlanDraft draft) {
    if (platform.accounts().accountOf(owner).isEmpty()) {
      TestAccounts.link(platform, owner, gateway.account());
    }
    CommandResult<PlanView> c = service().createDraft(owner, draft);
    if (!(c instanceof CommandResult.Ok<PlanView> ok)) {
      throw new AssertionError("createDraft: " + c);
    }
    String id = ok.value().snapshot().planId();
    CommandResult<PlanView> a = service().activate(owner, id);
    if (!(a instanceof CommandResult.Ok)) {
      throw new AssertionError("activate: " + a);
    }
    // An owner's first plan makes this member take the owner over, on its ownership thread: the
    // owner's sessions are built, the owner is held and its lane catches up with the prices. A tick
    // published before that ends is evaluated by the catch-up, after the harness's barrier, so its
    // orders could reach the gateway after the next tick (a full run failed at once on "alice runs
    // here" after her first tick).
    waitFor(owner + " taken over here", () -> platform.caughtUpUsers().contains(owner));
    return id;
  }

  /**
   * Publishes a tick and waits until it was evaluated and its orders reached the gateway. A symbol
   * no plan needs any more is not subscribed (market data follows the plans): its tick reaches
   * nobody, so there is nothing to wait for.
   */
  void tick(String symbol, String last) {
    boolean subscribed = subscribed(symbol);
    if (subscribed) {
      // The platform's subscription reaches the gateway a moment after the activation that asked
      // for it, and the gateway answers it at once with the last price. Counted for this tick,
      // that answer let a test go on while this tick was still on its way (a full run failed so:
      // the entry's fill waited for a tick that had been published before the order arrived).
      // The platform shows a symbol's tick time only once that tick is counted (MarketDataHub
      // sets it last): before, a wait that saw the time could read the count a moment too early,
      // count the answer for this tick, and the same failure followed (reproduced by delaying the
      // count; four tests failed so about one full run in five). A symbol subscribed again (its
      // last plan ended, a new one came) shows no tick time until its new subscription answers: a
      // full run failed so on the old subscription's time (RiskRebalancerEndToEndTest, "a3 live").
      waitFor(
          "the gateway streams " + symbol + " and its first answer arrived",
          () ->
              gateway.streams(symbol)
                  && (gateway.lastPrice(symbol) == null
                      || platform.health().marketDataAgeMillis().getOrDefault(symbol, -1L) >= 0));
    }
    long expected = platform.ticksReceived() + 1;
    gateway.publishTick(symbol, last);
    ticksPublished++;
    if (subscribed) {
      // A fill this tick brings may end the symbol's last plan and its subscription first: then
      // the tick is rightly not counted, and waiting for it would wait forever.
      waitFor(
          "tick " + symbol + " " + last + " received",
          () -> platform.ticksReceived() >= expected || !subscribed(symbol));
    }
    settle();
  }

  /**
   * As {@link #tick}, for a tick whose {@code denied} orders the RiskGate refuses: they are decided
   * and never reach the gateway.
   */
  void tickDenied(String symbol, String last, int denied) {
    auditBase -= denied;
    tick(symbol, last);
  }

  /** Whether the platform has market data for {@code symbol} now. */
  boolean subscribed(String symbol) {
    return platform.health().marketDataAgeMillis().containsKey(symbol);
  }

  /** Waits until the lanes ran everything and every decided order is in the gateway's audit. */
  void settle() {
    assertTrue(platform.awaitEngineIdle(WAIT), "engine idle");
    long base = auditBase;
    waitFor(
        "orders decided reached the gateway",
        () -> ordersReceived() - base >= platform.ordersDecided());
    assertTrue(platform.awaitEngineIdle(WAIT), "engine idle");
  }

  long auditBase;

  /** Remembers how many orders the gateway had before this platform (re)started. */
  void markAuditBase() {
    auditBase = ordersReceived();
  }

  /** The orders the gateway received, without the whatIf checks (never decided by the engine). */
  long ordersReceived() {
    return gateway.getAudit().sizeWithoutWhatIf();
  }

  /** Waits up to {@link #WAIT}, asking every millisecond: a tick's wait is on every test's path. */
  static void await(String what, BooleanSupplier condition) {
    Await.until(WAIT, Duration.ofMillis(1), condition, () -> what);
  }

  /**
   * As {@link #await}; a wait that fails says what the platform and the gateway were doing (the
   * build log of a clean-clone run is often all there is to read).
   */
  void waitFor(String what, BooleanSupplier condition) {
    waitFor(() -> what, condition);
  }

  /** As {@link #waitFor(String, BooleanSupplier)}, {@code what} read when the wait fails. */
  void waitFor(Supplier<String> what, BooleanSupplier condition) {
    Await.until(WAIT, Duration.ofMillis(1), condition, () -> what.get() + "\n" + diagnostics());
  }

  /**
   * The platform's counters and health (its broker link, held users, recent alerts) and the last
   * orders the gateway received: what a failed wait needs to be read from a build log.
   */
  String diagnostics() {
    StringBuilder b = new StringBuilder();
    if (platform != null) {
      b.append("platform: ticks received ")
          .append(platform.ticksReceived())
          .append(", orders decided ")
          .append(platform.ordersDecided())
          .append(", held users ")
          .append(platform.heldUsers())
          .append("\nhealth: ")
          .append(platform.health());
    }
    List<com.tradeplan.gateway.AuditEntry> audit = gateway.getAudit().entries();
    b.append("\ngateway: ")
        .append(audit.size())
        .append(" orders received (base ")
        .append(auditBase)
        .append("), the last: ")
        .append(audit.subList(Math.max(0, audit.size() - 5), audit.size()));
    return b.toString();
  }

  /** The plan's history without the DRAFT and ACTIVE entries the simulator does not have. */
  List<PlanEvent> lifecycle(String owner, String planId) {
    List<PlanEvent> out = new ArrayList<>();
    for (HistoryEntry h : service().history(owner, planId)) {
      PlanEvent e = h.event();
      if (e.type() == PlanEvent.Type.STATUS
          && (e.orderStatus().name().equals("DRAFT") || e.orderStatus().name().equals("ACTIVE"))) {
        continue;
      }
      out.add(e);
    }
    return out;
  }

  static Clock clock() {
    return Clock.systemUTC();
  }

  @Override
  public void close() {
    if (platform != null) {
      platform.close();
    }
    gateway.stop();
  }
}
