package com.tradeplan.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tradeplan.broker.KillScope;
import com.tradeplan.broker.RiskGate;
import com.tradeplan.domain.broker.SubmitResult;
import com.tradeplan.store.EmbeddedMongo;
import com.tradeplan.store.KillSwitchRecords;
import com.tradeplan.store.MongoConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two members over one store: a switch pressed on one reaches the other's RiskGate at its next sync
 * (the platform's one-second timer), with its actions run there; a release on one releases it on
 * the other; the store queue's share stays the member's own.
 */
class KillSwitchSyncTest {
  private EmbeddedMongo mongo;
  private MongoConfig.MongoConnection connection;
  private final List<String> actionsOnB = new ArrayList<>();
  private RiskGate gateA;
  private RiskGate gateB;
  private KillSwitch a;
  private KillSwitch b;

  @BeforeEach
  void twoMembers() {
    mongo = EmbeddedMongo.startInMemory();
    connection =
        MongoConfig.fromEnvironment(Map.of("MONGODB_URI", mongo.connectionString())).connect();
    gateA = GateOrders.openGate("DU1");
    gateB = GateOrders.openGate("DU1");
    a = member(gateA, KillSwitch.Actions.NONE);
    b =
        member(
            gateB,
            new KillSwitch.Actions() {
              @Override
              public void cancelEntries(KillScope scope, boolean pressedHere) {
                actionsOnB.add("cancel " + scope + (pressedHere ? " here" : " elsewhere"));
              }

              @Override
              public void flatten(KillSwitch.Engagement engagement) {
                actionsOnB.add("flatten " + engagement.scope());
              }
            });
  }

  @AfterEach
  void close() {
    connection.close();
    mongo.close();
  }

  @Test
  void aSwitchPressedOnOneMemberReachesTheOtherAtItsNextSync() {
    KillSwitch.Outcome o =
        a.engage(KillScope.account("DU1"), KillReason.OPERATOR, "margin call", "oscar", true);
    assertTrue(o.stored());
    assertEquals(
        SubmitResult.Code.DENIED,
        gateA.submit(GateOrders.entry("alice", null)).code(),
        "at once here");
    assertTrue(gateB.submit(GateOrders.entry("alice", null)).accepted(), "not yet read there");

    b.syncFromStore(true);
    SubmitResult refused = gateB.submit(GateOrders.entry("alice", null));
    assertEquals(
        "kill switch engaged for account:DU1 (margin call): entries are refused, exits and"
            + " cancels pass",
        refused.reason(),
        "an order without an account is for the connection's default account");
    assertTrue(
        gateB.submit(GateOrders.entry("alice", "DU2")).accepted(), "another account trades on");
    assertEquals(List.of("cancel account:DU1 elsewhere", "flatten account:DU1"), actionsOnB);

    b.syncFromStore(true);
    assertEquals(2, actionsOnB.size(), "a switch already held is not acted on again");
    a.syncFromStore(true);
    assertEquals(1, a.engagements().size(), "a reads its own press back unchanged");

    a.engage(KillScope.account("DU1"), KillReason.OPERATOR, "margin call, out", "oscar", true);
    b.syncFromStore(true);
    assertEquals(4, actionsOnB.size(), "pressed again on a: a new press there too");
    assertTrue(gateB.submit(GateOrders.entry("alice", null)).reason().contains("margin call, out"));

    a.release(KillScope.account("DU1"), KillReason.OPERATOR);
    b.syncFromStore(true);
    assertTrue(gateB.submit(GateOrders.entry("alice", null)).accepted(), "released there too");
    assertTrue(b.engagements().isEmpty());
  }

  @Test
  void aSwitchGoneFromTheStoreIsReleasedAndTheStoreQueueShareStaysLocal() {
    b.engage(KillScope.user("bob"), KillReason.OPERATOR, "paused", "oscar", false);
    b.storeQueueFull();
    assertEquals(1, new KillSwitchRecords(connection).all().size(), "the store queue's is local");

    a.syncFromStore(true);
    assertFalse(a.engaged(), "the other member's store queue does not stop this one");
    assertTrue(gateA.killSwitches().containsKey(KillScope.user("bob")));

    new KillSwitchRecords(connection).remove("user:bob", "OPERATOR"); // released elsewhere
    b.syncFromStore(true);
    assertFalse(gateB.killSwitches().containsKey(KillScope.user("bob")));
    assertTrue(b.heldByStore(), "the store queue's share is not the store's to release");
  }

  private KillSwitch member(RiskGate gate, KillSwitch.Actions actions) {
    return new KillSwitch(
        gate, () -> 0, 10_000, new KillSwitchRecords(connection), actions, Clock.systemUTC());
  }
}
