package com.tradeplan.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.plan.Entry;
import com.tradeplan.domain.plan.EntryCondition;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.domain.plan.Plan;
import com.tradeplan.domain.plan.Side;
import com.tradeplan.domain.plan.Stop;
import com.tradeplan.domain.risk.RiskLimits;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.testkit.MutableClock;
import com.tradeplan.testkit.plans.TestPlans;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The portfolio risk rebalancer on a controllable clock (no sleeps): open risk is position times
 * the distance from the last price to the active stop, exact in BigDecimal, per account; over a
 * threshold an account's entries are blocked (or throttled to one every 10 s) with the figures in
 * the refusal, alerted and audited once; under again it is lifted, alerted and audited; other
 * accounts are never touched. Seeded: the figures equal a plain sum over random plans.
 */
class RiskRebalancerTest {
  private final MutableClock clock = new MutableClock(TestPlans.T0);
  private final List<PlanView> plans = new ArrayList<>();
  private final Map<String, RiskLimits> thresholds = new HashMap<>();
  private final Alerts alerts = new Alerts();
  private final List<String> audited = new ArrayList<>();

  private RiskRebalancer rebalancer(RiskRebalancer.Action action) {
    return new RiskRebalancer(
        () -> plans,
        a -> thresholds.getOrDefault(a, RiskLimits.NONE),
        "DU0",
        action,
        alerts,
        (what, details) -> audited.add(what + " " + details.get("account")),
        clock);
  }

  private static PlanView live(
      String id, String account, Side side, long qty, String stop, String last) {
    Plan plan =
        new Plan(
            id,
            "alice",
            Instrument.stock("AAPL"),
            side,
            qty,
            new Entry(
                side == Side.LONG ? EntryCondition.ABOVE : EntryCondition.BELOW,
                new BigDecimal("100.00"),
                null),
            List.of(new Stop(new BigDecimal(stop), null)),
            List.of(),
            null);
    PlanSnapshot s =
        PlanSnapshot.adopted(
            plan,
            new BigDecimal("100.00"),
            "x:" + id,
            account,
            null,
            new OrderRef(id, OrderRole.ENTRY, 0, 1));
    return new PlanView(s, last == null ? null : new BigDecimal(last), null, null, false);
  }

  @Test
  void overTheOpenRiskThresholdEntriesAreBlockedAndUnderAgainLiftedEachAuditedOnce() {
    RiskRebalancer r = rebalancer(RiskRebalancer.Action.BLOCK);
    thresholds.put("DU1", RiskLimits.builder().maxOpenRisk(new BigDecimal("500")).build());
    // 100 long at 104.00, stop 99.00: 500.00 at risk, not over; a short of 10 at 50.00, stop
    // 51.50: 15.00 more: 515.00 over 500.
    plans.add(live("a", "DU1", Side.LONG, 100, "99.00", "104.00"));
    r.run();
    assertEquals(0, r.accounts().get("DU1").openRisk().compareTo(new BigDecimal("500.00")));
    assertNull(r.refusal("DU1"), "at the threshold is not over it");
    plans.add(live("b", "DU1", Side.SHORT, 10, "51.50", "50.00"));
    plans.add(live("c", "DU2", Side.LONG, 1000, "10.00", "200.00"));
    clock.advance(Duration.ofSeconds(60));
    r.run();
    RiskRebalancer.AccountRisk du1 = r.accounts().get("DU1");
    assertEquals(0, du1.openRisk().compareTo(new BigDecimal("515.00")));
    assertEquals(0, du1.grossExposure().compareTo(new BigDecimal("10900.00")));
    assertEquals(
        "portfolio risk rebalancer: account DU1 has its open risk 515.00 over its threshold 500"
            + " (since 2026-11-25T14:31:00.123456789Z): new entries are blocked until it is under"
            + " again; exits pass",
        r.refusal("DU1"));
    assertNull(r.refusal("DU2"), "an account without thresholds is never restricted");
    clock.advance(Duration.ofSeconds(60));
    r.run();
    assertTrue(r.refusal("DU1") != null, "still over");
    assertEquals(List.of("rebalancer.restrict DU1"), audited, "audited once");
    assertEquals(
        1, alerts.recent().stream().filter(a -> a.startsWith("RISK_THRESHOLD_EXCEEDED")).count());

    plans.remove(1); // the short closed
    clock.advance(Duration.ofSeconds(60));
    r.run();
    assertNull(r.refusal("DU1"), "under again: lifted");
    assertEquals(List.of("rebalancer.restrict DU1", "rebalancer.lift DU1"), audited);
    assertTrue(
        alerts.recent().stream()
            .anyMatch(a -> a.startsWith("RISK_THRESHOLD_CLEARED: account DU1: open risk 500.00")),
        alerts.recent().toString());
  }

  @Test
  void aThrottledAccountGetsOneEntryEveryTenSecondsAndGrossExposureCountsToo() {
    RiskRebalancer r = rebalancer(RiskRebalancer.Action.THROTTLE);
    thresholds.put("DU0", RiskLimits.builder().maxGrossExposure(new BigDecimal("10000")).build());
    plans.add(live("a", null, Side.LONG, 101, "99.00", "100.00")); // the default account
    r.run();
    assertEquals(0, r.accounts().get("DU0").grossExposure().compareTo(new BigDecimal("10100.00")));
    assertNull(r.refusal(null), "the first entry of a throttled account goes");
    assertTrue(r.refusal("DU0").contains("throttled to one every 10 s"), r.refusal("DU0"));
    clock.advance(RiskRebalancer.THROTTLE_SPACING.minusMillis(1));
    assertTrue(r.refusal("DU0") != null);
    clock.advance(Duration.ofMillis(1));
    assertNull(r.refusal("DU0"), "ten seconds later the next one goes");
    assertTrue(r.refusal("DU0") != null);
  }

  @Test
  void aPositionWithoutAPriceIsValuedAtItsAverageEntryAndTheFiguresEqualAPlainSum() {
    Random random = new Random(6);
    for (int round = 0; round < 20; round++) {
      plans.clear();
      BigDecimal risk = BigDecimal.ZERO;
      BigDecimal gross = BigDecimal.ZERO;
      for (int i = 0; i < 30; i++) {
        boolean isLong = random.nextBoolean();
        long qty = 1 + random.nextInt(1000);
        BigDecimal last = new BigDecimal(90 + random.nextInt(20) + "." + random.nextInt(100));
        BigDecimal stop =
            isLong ? new BigDecimal("95.00") : new BigDecimal("105.00"); // entry 100.00
        boolean priced = random.nextInt(5) > 0;
        BigDecimal reference = priced ? last : new BigDecimal("100.00");
        plans.add(
            live(
                "p" + i,
                "DU1",
                isLong ? Side.LONG : Side.SHORT,
                qty,
                stop.toPlainString(),
                priced ? last.toPlainString() : null));
        BigDecimal perShare = isLong ? reference.subtract(stop) : stop.subtract(reference);
        risk = risk.add(perShare.max(BigDecimal.ZERO).multiply(BigDecimal.valueOf(qty)));
        gross = gross.add(reference.multiply(BigDecimal.valueOf(qty)));
      }
      RiskRebalancer r = rebalancer(RiskRebalancer.Action.BLOCK);
      r.run();
      assertEquals(0, r.accounts().get("DU1").openRisk().compareTo(risk), "round " + round);
      assertEquals(0, r.accounts().get("DU1").grossExposure().compareTo(gross), "round " + round);
    }
  }
}
