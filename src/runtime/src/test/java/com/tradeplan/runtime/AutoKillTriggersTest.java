package com.tradeplan.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tradeplan.broker.KillScope;
import com.tradeplan.broker.RiskGate;
import com.tradeplan.domain.broker.SubmitResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The automatic kill-switch triggers ({@link AutoKillTriggers}): a symbol quiet just short of the
 * bound engages nothing, at the bound the global switch is engaged with MARKET_DATA_STALE and the
 * figures, entries are refused naming it while a stop still goes; a store write that keeps failing
 * engages STORE_DOWN; a trigger that is off engages nothing; each is released by its own reason.
 */
class AutoKillTriggersTest {
  private final RiskGate gate = GateOrders.openGate();
  private final KillSwitch killSwitch = new KillSwitch(gate, () -> 0, 100);
  private final Alerts alerts = new Alerts();

  private AutoKillTriggers triggers(Duration stale, boolean storeDown) {
    return new AutoKillTriggers(
        killSwitch, Runnable::run, alerts, new PlatformConfig.KillSwitchTriggers(stale, storeDown));
  }

  private static StaleSymbol quiet(long millis) {
    return new StaleSymbol("AAPL", Instant.EPOCH, millis, 3);
  }

  @Test
  void marketDataQuietForTheBoundEngagesTheGlobalSwitchAndExitsStillGo() {
    AutoKillTriggers t = triggers(Duration.ofSeconds(30), false);
    t.checkMarketData(List.of(quiet(29_999)));
    assertFalse(killSwitch.engaged(), "just short of the bound");
    assertTrue(gate.submit(GateOrders.entry(1)).accepted());

    t.checkMarketData(List.of(quiet(30_000)));
    assertTrue(killSwitch.engaged());
    KillSwitch.Engagement e = killSwitch.engagements().get(0);
    assertEquals(KillScope.GLOBAL, e.scope());
    assertEquals(KillReason.MARKET_DATA_STALE, e.reason());
    assertEquals(
        "AAPL: no tick for 30 s while its market is open (bound 30 s; 3 watched plan(s))",
        e.detail());
    assertFalse(e.flatten());
    SubmitResult refused = gate.submit(GateOrders.entry(2));
    assertEquals(SubmitResult.Code.DENIED, refused.code());
    assertTrue(refused.reason().contains("market data stale"), refused.reason());
    assertTrue(gate.submit(GateOrders.stop(1)).accepted(), "a stop is never refused");
    assertTrue(alerts.recent().stream().anyMatch(a -> a.startsWith("KILL_SWITCH_AUTOMATIC")));

    t.checkMarketData(List.of(quiet(60_000)));
    assertEquals(1, killSwitch.engagements().size(), "engaged once, not pressed again");
    killSwitch.release(KillScope.GLOBAL, KillReason.MARKET_DATA_STALE);
    assertFalse(killSwitch.engaged(), "released by an operator");
  }

  @Test
  void aStoreWriteThatKeepsFailingEngagesStoreDownAndTriggersThatAreOffDoNothing() {
    AutoKillTriggers off = triggers(null, false);
    off.checkMarketData(List.of(quiet(3_600_000)));
    off.storeCannotDrain("p1", 5, new IllegalStateException("timed out"));
    assertFalse(killSwitch.engaged(), "both triggers off");

    triggers(null, true).storeCannotDrain("p1", 5, new IllegalStateException("timed out"));
    KillSwitch.Engagement e = killSwitch.engagements().get(0);
    assertEquals(KillReason.STORE_DOWN, e.reason());
    assertTrue(e.detail().startsWith("the write of plan p1 failed 5 times"), e.detail());
    assertEquals(SubmitResult.Code.DENIED, gate.submit(GateOrders.entry(3)).code());
  }
}
