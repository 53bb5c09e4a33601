package com.tradeplan.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tradeplan.broker.IbBroker;
import com.tradeplan.broker.IbBrokerConfig;
import com.tradeplan.broker.KillScope;
import com.tradeplan.broker.RiskGate;
import com.tradeplan.broker.risk.EntryLimits;
import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.OrderUpdate;
import com.tradeplan.domain.broker.SubmitResult;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.order.OrderStatus;
import com.tradeplan.domain.order.OrderType;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.domain.risk.RiskLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An order a reconcile finds "journaled, never acknowledged" is sent once more under its orderRef
 * (docs/ib.md); an <b>entry</b> meets the kill switch of its scope first, over the real paper
 * gateway: refused, it never reaches the gateway, its plan hears the switch's local refusal
 * (DENIED, the switch and its scope as the reason: the plan ends CANCELLED, as when the switch
 * refuses a first send), the operator is alerted ({@code ORDER_NOT_RESENT_KILL_SWITCH}) and its
 * figures are released. An exit in the same situation is sent again: protection never lapses. Found
 * by KillSwitchEndToEndTest in a full run (docs/kill-switch.md).
 */
class ResendMeetsTheKillSwitchTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Instrument AAPL = Instrument.stock("AAPL");
  private static final String DU1 = "DU1234567";
  private static final String DU2 = "DU7654321";

  @RegisterExtension final BrokerOnPaperGateway paper = new BrokerOnPaperGateway();
  private final RecordingListener listener = paper.listener;
  private final OnceJournal journal = new OnceJournal();
  private PaperGateway gateway;
  private IbBroker broker;
  private RiskGate gate;

  /** The gateway serves two accounts; the broker's default is the first; the gate in front. */
  private void start(int messagesPerSecond, int burst, RiskLimits limits) throws Exception {
    GatewayConfig g = new GatewayConfig();
    g.accounts = new ArrayList<>(List.of(DU1, DU2));
    gateway = paper.startGateway(g);
    IbBrokerConfig c =
        IbBrokerConfig.of("127.0.0.1", gateway.port(), 17, DU1)
            .withPacing(messagesPerSecond, burst)
            .withBackoff(Duration.ofMillis(20), Duration.ofMillis(200), 3);
    broker =
        paper.connect(
            c,
            b -> {
              gate = new RiskGate(b, EntryLimits.of(limits), DU1);
              gate.setListener(listener);
              b.setSendJournal(journal);
            });
    gateway.publishTick("AAPL", "50.00");
  }

  private static OrderRequest order(
      String plan, OrderRole role, String owner, String account, OrderAction action, long qty) {
    return new OrderRequest(
        new OrderRef(plan, role, 0, 1),
        owner,
        AAPL,
        action,
        OrderType.MARKET,
        qty,
        null,
        null,
        "test",
        account);
  }

  /**
   * As a recovery restores an order an earlier process journaled and died before IB acknowledged
   * it: the journal holds its first send, the broker tracks it as never acknowledged.
   */
  private void restoreJournaledNeverAcknowledged(OrderRequest r) {
    assertThat(journal.beforePlace(r.ref(), 0)).isTrue();
    broker.restoreSentOrder(r, OrderStatus.CREATED);
  }

  private static OrderRequest entry(String plan, String owner, String account) {
    return order(plan, OrderRole.ENTRY, owner, account, OrderAction.BUY, 100);
  }

  private boolean atGateway(OrderRequest r) {
    return gateway.getAudit().newOrdersByRef().containsKey(r.ref().toString());
  }

  /** The update that ended {@code r} unsent: the gate's denial, or a cancel before it was sent. */
  private OrderUpdate ended(OrderRequest r) {
    return listener.updatesOf(r.ref()).stream()
        .filter(u -> u.status() == OrderStatus.DENIED || u.status() == OrderStatus.CANCELLED)
        .findFirst()
        .orElse(null);
  }

  private OrderUpdate denied(OrderRequest r) {
    OrderUpdate u = ended(r);
    return u != null && u.status() == OrderStatus.DENIED ? u : null;
  }

  private long alertsOf(String kind, OrderRequest r) {
    return paper.alerts.stream()
        .filter(a -> a.startsWith(kind + ":") && a.contains(r.ref().toString()))
        .count();
  }

  /**
   * The run that found it: entries written into a connection that died; the switch pressed; the
   * reconcile on the next connection, after the grace, would have sent them again. Here the entry
   * and a stop are each lost with their connection, the global switch is engaged, and the link
   * comes back: the stop goes out again, the entry does not.
   */
  @Test
  void anEntryLostWithItsConnectionIsNotSentAgainUnderTheGlobalSwitchWhileALostStopIs()
      throws Exception {
    // Room for one entry of 100 shares per user and symbol: a leaked figure refuses the next.
    start(45, 5, RiskLimits.builder().maxPositionPerSymbol(100L).build());
    OrderRequest entry = entry("e1", "alice", null);
    OrderRequest stop = order("s1", OrderRole.STOP, "bob", null, OrderAction.SELL, 40);

    gateway.dropConnectionOnNextOrders(1);
    assertThat(gate.submit(entry).accepted()).isTrue();
    await().atMost(WAIT).until(() -> broker.reconciliations() >= 2);
    gate.engageKillSwitch(KillScope.GLOBAL, "desk closed");
    gateway.dropConnectionOnNextOrders(1);
    assertThat(gate.submit(stop).accepted()).as("an exit passes the switch").isTrue();
    await().atMost(WAIT).until(() -> broker.reconciliations() >= 3);

    // After the grace the reconcile judges both "journaled, never acknowledged".
    await().atMost(WAIT).until(() -> atGateway(stop) && ended(entry) != null);
    gateway.publishTick("AAPL", "49.90");
    await().atMost(WAIT).until(() -> listener.filledQuantity(stop.ref()) == 40);

    assertThat(atGateway(entry)).as("the entry never reached the gateway").isFalse();
    assertThat(gateway.openOrderCount()).as("nothing working at the gateway").isZero();
    OrderUpdate update = denied(entry);
    assertThat(update).as("a local refusal, as a first send the switch refuses").isNotNull();
    assertThat(update.rejected()).as("not IB's rejection").isFalse();
    assertThat(update.reason())
        .isEqualTo(
            "not sent again after the reconnect: kill switch engaged for global (desk closed);"
                + " the entry never reached IB");
    assertThat(alertsOf("ORDER_NOT_RESENT_KILL_SWITCH", entry)).isEqualTo(1);
    assertThat(alertsOf("ORDER_RESENT_AFTER_RECONNECT", entry)).isZero();
    assertThat(alertsOf("ORDER_RESENT_AFTER_RECONNECT", stop)).isEqualTo(1);
    assertThat(journal.asked)
        .as("the entry's re-send is never journaled, the stop's once")
        .containsExactly("place " + entry.ref(), "place " + stop.ref(), "resend " + stop.ref());

    gate.releaseKillSwitch();
    SubmitResult next = gate.submit(entry("e2", "alice", null));
    assertThat(next.accepted())
        .as("the refused entry's 100 shares no longer count for alice: " + next)
        .isTrue();
  }

  /**
   * An account's switch: its entries are not re-sent, another account's entry and an exit of the
   * same account are. Orders restored as journaled by an earlier process and never acknowledged
   * take the same way (a reconcile 1.5 s after the restore judges them).
   */
  @Test
  void anAccountsSwitchStopsTheReSendOfItsEntriesOnly() throws Exception {
    start(45, 5, RiskLimits.NONE);
    OrderRequest explicit = entry("a1", "alice", DU1);
    OrderRequest byDefault = entry("a2", "carol", null); // the connection's account: DU1
    OrderRequest other = entry("a3", "bob", DU2);
    OrderRequest target = order("a4", OrderRole.TARGET, "alice", DU1, OrderAction.SELL, 30);
    List.of(explicit, byDefault, other, target).forEach(this::restoreJournaledNeverAcknowledged);
    gate.engageKillSwitch(KillScope.account(DU1), "margin call");
    broker.reconcileNow();

    await()
        .atMost(WAIT)
        .until(
            () ->
                atGateway(other)
                    && atGateway(target)
                    && ended(explicit) != null
                    && ended(byDefault) != null);

    assertThat(atGateway(explicit) || atGateway(byDefault))
        .as("no entry of DU1 reached the gateway")
        .isFalse();
    for (OrderRequest refused : List.of(explicit, byDefault)) {
      assertThat(denied(refused).reason())
          .isEqualTo(
              "not sent again after the reconnect: kill switch engaged for account:DU1234567"
                  + " (margin call); the entry never reached IB");
      assertThat(alertsOf("ORDER_NOT_RESENT_KILL_SWITCH", refused)).isEqualTo(1);
    }
    assertThat(ended(other)).as("DU2's entry is working").isNull();
    assertThat(gateway.getAudit().refsSentMoreThanOnce()).isEmpty();
  }

  /**
   * A re-send already queued when the switch is engaged: the switch's cancels of the working
   * entries in its scope (what the runtime's KillSwitchActions does) end it unsent, ahead of it in
   * the queue; the exits queued with it go out.
   */
  @Test
  void aReSendStillQueuedWhenTheSwitchIsEngagedNeverLeaves() throws Exception {
    // Slow pacing: the exits go out first, the entry waits in the queue behind them.
    start(4, 1, RiskLimits.NONE);
    OrderRequest queued = entry("q1", "alice", DU1);
    List<OrderRequest> exits = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      exits.add(order("qx" + i, OrderRole.STOP, "alice", DU1, OrderAction.SELL, 10));
    }
    restoreJournaledNeverAcknowledged(queued);
    exits.forEach(this::restoreJournaledNeverAcknowledged);
    broker.reconcileNow();

    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(1))
        .until(() -> alertsOf("ORDER_RESENT_AFTER_RECONNECT", queued) == 1);
    KillScope scope = KillScope.account(DU1);
    gate.engageKillSwitch(scope, "stepping away");
    assertThat(broker.cancelWorkingEntries(r -> scope.covers(r, DU1))).isEqualTo(1);

    await().atMost(WAIT).until(() -> exits.stream().allMatch(this::atGateway));
    await().atMost(WAIT).until(() -> ended(queued) != null);
    assertThat(ended(queued).status()).as("cancelled unsent").isEqualTo(OrderStatus.CANCELLED);
    assertThat(atGateway(queued)).as("the queued re-send never left").isFalse();
    assertThat(journal.asked).doesNotContain("resend " + queued.ref());
  }

  /**
   * Seeded random mix: entries and exits of three users on two accounts (some naming none), some
   * switches engaged (users, accounts, rarely the global one). Every exit is sent again; an entry
   * is sent again exactly when no engaged switch covers it, else it ends CANCELLED naming one.
   */
  @Test
  void randomOrdersAndSwitchesMeetTheRuleForEveryReSend() throws Exception {
    start(200, 20, RiskLimits.NONE);
    int[] stoppedAndResentEntries = new int[2];
    for (long seed : new long[] {14L, 5_2026L}) {
      checkRandomMix(seed, stoppedAndResentEntries);
    }
    assertThat(Math.min(stoppedAndResentEntries[0], stoppedAndResentEntries[1]))
        .as("the seeds make both kinds of entries: stopped by a switch, re-sent")
        .isPositive();
  }

  /** One mix; counts its entries stopped into {@code counts[0]} and re-sent into [1]. */
  private void checkRandomMix(long seed, int[] counts) {
    Random random = new Random(seed);
    String[] owners = {"alice", "bob", "carol"};
    String[] accounts = {DU1, DU2, null};
    OrderRole[] exitRoles = {OrderRole.STOP, OrderRole.TARGET, OrderRole.FLATTEN, OrderRole.CLOSE};
    List<KillScope> engaged = new ArrayList<>();
    if (random.nextInt(6) == 0) {
      engaged.add(KillScope.GLOBAL);
    }
    for (String owner : owners) {
      if (random.nextInt(3) == 0) {
        engaged.add(KillScope.user(owner));
      }
    }
    for (String account : List.of(DU1, DU2)) {
      if (random.nextInt(3) == 0) {
        engaged.add(KillScope.account(account));
      }
    }
    List<OrderRequest> orders = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String plan = "r" + seed + "-" + i;
      String owner = owners[random.nextInt(owners.length)];
      String account = accounts[random.nextInt(accounts.length)];
      OrderRequest r =
          random.nextBoolean()
              ? entry(plan, owner, account)
              : order(
                  plan,
                  exitRoles[random.nextInt(exitRoles.length)],
                  owner,
                  account,
                  OrderAction.SELL,
                  10);
      orders.add(r);
      restoreJournaledNeverAcknowledged(r);
    }
    engaged.forEach(s -> gate.engageKillSwitch(s, "seed " + seed));
    broker.reconcileNow();

    String context = "seed " + seed + ", switches " + engaged;
    await()
        .atMost(WAIT)
        .until(() -> orders.stream().allMatch(r -> atGateway(r) || ended(r) != null));
    for (OrderRequest r : orders) {
      boolean covered = engaged.stream().anyMatch(s -> s.covers(r, DU1));
      boolean stopped = r.ref().role() == OrderRole.ENTRY && covered;
      if (r.ref().role() == OrderRole.ENTRY) {
        counts[stopped ? 0 : 1]++;
      }
      assertThat(atGateway(r)).as(context + ": " + r.ref() + " sent again").isEqualTo(!stopped);
      if (stopped) {
        assertThat(denied(r).reason())
            .as(context)
            .startsWith("not sent again after the reconnect: kill switch engaged for ")
            .contains("(seed " + seed + ")");
        assertThat(alertsOf("ORDER_NOT_RESENT_KILL_SWITCH", r)).as(context).isEqualTo(1);
      } else {
        assertThat(ended(r)).as(context + ": " + r.ref() + " working").isNull();
      }
    }
    assertThat(gateway.getAudit().refsSentMoreThanOnce()).as(context).isEmpty();
    engaged.forEach(gate::releaseKillSwitch);
  }
}
