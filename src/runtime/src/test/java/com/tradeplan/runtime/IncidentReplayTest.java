package com.tradeplan.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.engine.RuleSet;
import com.tradeplan.engine.RuleSets;
import com.tradeplan.engine.recording.LaneInput;
import com.tradeplan.gateway.GatewayConfig;
import com.tradeplan.runtime.recording.RecordingReader;
import com.tradeplan.runtime.recording.UserRecording;
import com.tradeplan.simulator.replay.Replay;
import com.tradeplan.simulator.replay.ReplayResult;
import com.tradeplan.simulator.report.RunComparison;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, point 6: a live session over the paper gateway (IB's commissions, fills of at most 30
 * shares a tick, the broker link dropped and re-established in the middle, so IB replays its
 * executions on the reconcile) is recorded; its replay through the simulator's engine with the
 * recorded broker reports gives every plan the same events in the same order and the same orders;
 * under rules in which "A target is reached" wants a dollar more, the replay reports the first
 * divergence at the live target order, with that rule.
 */
class IncidentReplayTest {
  static final String TARGET_CONDITION = "$p.side.reachedProfitLevel($t.last(), price) )";

  @TempDir Path dir;

  @Test
  void aLiveSessionReplaysIdenticallyAndAChangedRulePartsAtItsEvent() throws Exception {
    GatewayConfig g = new GatewayConfig();
    g.maxFillPerTick = BigDecimal.valueOf(30);
    try (Harness h = new Harness(dir.resolve("data"), g)) {
      h.gateway.publishTick(Script.SYMBOL, Script.PRICES[0]);
      h.start();
      for (var draft : Script.plans()) {
        h.activate(Script.OWNER, draft);
      }
      assertTrue(h.platform.awaitMarketData(Harness.WAIT), "market data flows");
      h.settle();
      int half = Script.PRICES.length / 2;
      for (int i = 1; i < Script.PRICES.length; i++) {
        if (i == half) {
          int before = h.platform.brokerReconnects();
          h.gateway.dropConnections();
          Harness.await(
              "the link is back",
              () ->
                  h.platform.brokerReconnects() > before
                      && "READY".equals(h.platform.health().brokerState()));
          h.settle();
        }
        h.tick(Script.SYMBOL, Script.PRICES[i]);
        EndToEndTest.awaitCancelsConfirmed(h);
      }
      Harness.await(
          "every plan ended",
          () ->
              Script.plans().stream()
                  .allMatch(
                      d ->
                          h.service()
                              .get(Script.OWNER, d.id())
                              .orElseThrow()
                              .snapshot()
                              .status()
                              .isTerminal()));
      assertTrue(h.platform.awaitEngineIdle(Harness.WAIT), "engine idle");
      assertTrue(h.platform.recording().seal(10_000), "the recording is sealed");

      UserRecording rec =
          new RecordingReader(h.platform.recording().dir(), 1_000_000)
              .read(Script.OWNER, null, null);
      assertEquals(List.of(), rec.problems(), "a complete recording");
      assertTrue(
          rec.entries().stream()
              .filter(e -> e instanceof LaneInput.ReportsSeen)
              .flatMap(e -> ((LaneInput.ReportsSeen) e).reports().stream())
              .anyMatch(r -> r instanceof Fill f && f.quantity() == 30),
          "partial fills were recorded");

      ReplayResult same =
          new Replay(RuleSets.single(RuleSet.fromClasspath()), null, "recorded versions")
              .run(
                  Script.OWNER, rec.entries(), rec.problems(), null, null, new Replay.Control() {});
      assertTrue(same.identical(), same.summary());
      assertEquals(3, same.plans().size());
      for (ReplayResult.PlanReplay p : same.plans()) {
        // the recording's live events are the platform's history (without DRAFT and ACTIVE)
        assertEquals(
            h.lifecycle(Script.OWNER, p.planId()), p.live(), "live events of " + p.planId());
        assertEquals(p.live().size(), p.replayed().size());
      }
      assertTrue(same.liveOrders().size() >= 6, "entries and exits: " + same.liveOrders());

      ReplayResult changed =
          new Replay(RuleSets.single(RuleSet.fromDirectory(rulesWithALateTarget())), null, "late")
              .run(
                  Script.OWNER, rec.entries(), rec.problems(), null, null, new Replay.Control() {});
      assertFalse(changed.identical(), changed.summary());
      RunComparison.Divergence d = changed.firstDivergence();
      assertEquals("p1", d.planId(), changed.summary());
      // Live, p1's first target fired at 103.20: its step cancelled the unfilled rest of the entry
      // (partial fills) and sent the target order by "A target is reached". The replay parts at
      // the first event of that step, a live event the replay does not have.
      List<PlanEvent> live =
          same.plans().stream()
              .filter(p -> p.planId().equals("p1"))
              .findFirst()
              .orElseThrow()
              .live();
      PlanEvent target =
          live.stream()
              .filter(e -> e.type() == PlanEvent.Type.ORDER && e.role() == OrderRole.TARGET)
              .findFirst()
              .orElseThrow();
      assertEquals("A target is reached", target.rule());
      assertEquals(target.time(), d.earlier().time(), changed.summary());
      assertTrue(d.a() == d.earlier(), "the live run acted first: " + changed.summary());
      assertTrue(live.indexOf(target) >= d.eventIndex(), changed.summary());
      assertTrue(changed.summary().startsWith("the replay parts from the live run at"));
      System.out.println("IncidentReplayTest: " + same.summary() + " / " + changed.summary());
      assertTrue(changed.summary().contains(", plan p1, event " + d.eventIndex()));
    }
  }

  /** A copy of the repo's rules in which "A target is reached" wants a dollar beyond the target. */
  private Path rulesWithALateTarget() throws IOException {
    Path lifecycle = Files.createDirectories(dir.resolve("late-target/lifecycle"));
    try (Stream<Path> files = Files.list(Path.of("../../rules/lifecycle"))) {
      for (Path f : files.toList()) {
        Files.copy(f, lifecycle.resolve(f.getFileName()));
      }
    }
    Path exits = lifecycle.resolve("60-exit-triggers.drl");
    String drl = Files.readString(exits);
    int at = drl.indexOf(TARGET_CONDITION);
    assertTrue(at > 0 && drl.substring(0, at).contains("rule \"A target is reached\""));
    Files.writeString(
        exits,
        drl.substring(0, at)
            + "$p.side.reachedProfitLevel($t.last(), price.add(java.math.BigDecimal.ONE)) )"
            + drl.substring(at + TARGET_CONDITION.length()));
    return dir.resolve("late-target");
  }
}
