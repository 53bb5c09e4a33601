package com.tradeplan.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tradeplan.domain.plan.DraftBuilder;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.store.MongoConfig;
import com.tradeplan.store.TradeDocumentFaults;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The facade's behaviour over a real platform, and a start over bad documents. */
class TradingServiceTest {
  @TempDir Path dir;

  @Test
  void invalidDraftIsAnsweredWithEveryFieldAndNothingIsStored() throws Exception {
    try (Harness h = new Harness(dir, Harness.gatewayConfig())) {
      h.start();
      var r =
          h.service()
              .createDraft(
                  "alice", DraftBuilder.draft("bad").entry("101.005").quantity("x").build());
      var inv = assertInstanceOf(CommandResult.Invalid.class, r);
      List<String> fields =
          ((List<?>) inv.errors())
              .stream().map(e -> ((com.tradeplan.domain.plan.FieldError) e).field()).toList();
      assertTrue(
          fields.containsAll(List.of("quantity", "entry.price", "stops")), fields.toString());
      assertTrue(h.service().get("alice", "bad").isEmpty(), "nothing stored");
    }
  }

  @Test
  void ownersSeeOnlyTheirPlansAndCommandsFollowTheLifecycle() throws Exception {
    try (Harness h = new Harness(dir, Harness.gatewayConfig())) {
      h.gateway.publishTick("AAPL", "100.10");
      h.start();
      TestAccounts.link(h.platform, "alice", h.gateway.account());
      TradingService s = h.service();
      List<LiveUpdate> updates = new CopyOnWriteArrayList<>();
      s.subscribe("alice", 0, updates::add);
      var draft =
          s.createDraft("alice", DraftBuilder.draft("a1").stop("99.00").target("103.00").build());
      long v =
          assertInstanceOf(CommandResult.Ok.class, draft).value() instanceof PlanView pv
              ? pv.snapshot().version()
              : -1;
      assertInstanceOf(CommandResult.NotFound.class, s.activate("bob", "a1"));
      assertTrue(s.get("bob", "a1").isEmpty());
      assertTrue(s.history("bob", "a1").isEmpty());
      assertInstanceOf(CommandResult.NotFound.class, s.cancel("bob", "a1"));

      var a = assertInstanceOf(CommandResult.Ok.class, s.activate("alice", "a1"));
      PlanView active = (PlanView) a.value();
      assertEquals(PlanStatus.ACTIVE, active.snapshot().status());
      assertTrue(active.snapshot().version() > v);

      // An edit of an ACTIVE plan is validated again, and needs the current version.
      var edit = DraftBuilder.draft("a1").entry("101.50").stop("99.00").target("103.00").build();
      assertInstanceOf(
          CommandResult.Conflict.class,
          s.update("alice", "a1", edit, active.snapshot().version() - 1));
      assertInstanceOf(
          CommandResult.Invalid.class,
          s.update(
              "alice",
              "a1",
              DraftBuilder.draft("a1").entry("104.00").stop("99.00").target("103.00").build(),
              active.snapshot().version()));
      var edited =
          assertInstanceOf(
              CommandResult.Ok.class, s.update("alice", "a1", edit, active.snapshot().version()));
      assertEquals(
          "101.50", ((PlanView) edited.value()).snapshot().plan().entry().price().toPlainString());

      var cancelled = assertInstanceOf(CommandResult.Ok.class, s.cancel("alice", "a1"));
      assertEquals(PlanStatus.CANCELLED, ((PlanView) cancelled.value()).snapshot().status());
      assertInstanceOf(CommandResult.Refused.class, s.cancel("alice", "a1"));
      assertInstanceOf(CommandResult.Refused.class, s.flatten("alice", "a1"));
      assertEquals(
          List.of("a1"),
          s.page("alice", Set.of(PlanStatus.CANCELLED), null, null, 100).plans().stream()
              .map(p -> p.snapshot().planId())
              .toList());
      assertTrue(s.page("bob", Set.of(), null, null, 100).plans().isEmpty());

      // Live updates: one sequence per owner, replayed after a given sequence.
      Harness.await("live updates", () -> updates.size() >= 2);
      for (int i = 0; i < updates.size(); i++) {
        assertEquals(i + 1, updates.get(i).sequence());
      }
      List<LiveUpdate> replay = new CopyOnWriteArrayList<>();
      s.subscribe("alice", 1, replay::add).close();
      assertEquals(updates.size() - 1, replay.size());
      assertEquals(2, replay.get(0).sequence());

      // A draft cancelled here is pushed to the owner's pages too (it was not: another page kept
      // showing it as a draft).
      assertInstanceOf(
          CommandResult.Ok.class,
          s.createDraft("alice", DraftBuilder.draft("a2").stop("99.00").target("103.00").build()));
      assertInstanceOf(CommandResult.Ok.class, s.cancel("alice", "a2"));
      Harness.await(
          "the draft's cancel pushed live",
          () ->
              updates.stream()
                  .anyMatch(
                      u ->
                          u.planId().equals("a2")
                              && u.view().snapshot().status() == PlanStatus.CANCELLED));
    }
  }

  @Test
  void entryAndFlattenOverTheGateway() throws Exception {
    try (Harness h = new Harness(dir, Harness.gatewayConfig())) {
      h.gateway.publishTick("AAPL", "100.10");
      h.start();
      h.activate("alice", DraftBuilder.draft("f1").stop("99.00").target("110.00").build());
      assertTrue(h.platform.awaitMarketData(Harness.WAIT));
      h.settle();
      h.tick("AAPL", "101.20");
      h.tick("AAPL", "101.40");
      assertEquals(
          PlanStatus.CONTINGENT_ACTIVE,
          h.service().get("alice", "f1").orElseThrow().snapshot().status(),
          h::diagnostics);
      assertTrue(h.service().get("alice", "f1").orElseThrow().unrealizedPnl() != null);
      // the platform's total (metrics) is the one open position's unrealized P&L
      assertEquals(
          0,
          h.service()
              .get("alice", "f1")
              .orElseThrow()
              .unrealizedPnl()
              .compareTo(h.platform.unrealizedPnl()));
      var r = assertInstanceOf(CommandResult.Ok.class, h.service().flatten("alice", "f1"));
      h.settle();
      h.tick("AAPL", "101.30");
      assertEquals(
          PlanStatus.INACTIVE, h.service().get("alice", "f1").orElseThrow().snapshot().status());
      assertTrue(r.value() != null);
      assertEquals(0, h.platform.unrealizedPnl().signum(), "no open position, nothing unrealized");
    }
  }

  @Test
  void badDocumentsAreQuarantinedWithTheirPlanIdAndTheStartGoesOn() throws Exception {
    try (Harness h = new Harness(dir, Harness.gatewayConfig())) {
      h.gateway.publishTick("AAPL", "100.10");
      h.start();
      for (String id : List.of("good", "missing", "wrongtype")) {
        h.activate("alice", DraftBuilder.draft(id).stop("99.00").build());
      }
      h.platform.close();
      h.platform = null;
      try (MongoConfig.MongoConnection c =
          MongoConfig.fromEnvironment(Map.of("TRADEPLAN_DATA_DIR", dir.toString())).connect()) {
        TradeDocumentFaults.remove(c, "missing", "state.position");
        TradeDocumentFaults.set(c, "wrongtype", "state.filledEntryQuantity", "lots");
      }
      h.start();
      Platform.RecoveryReport r = h.platform.recovery();
      assertEquals(1, r.resumed());
      assertEquals(
          Set.of("missing", "wrongtype"),
          Set.copyOf(r.quarantined().stream().map(q -> q.planId()).toList()));
      assertTrue(h.platform.health().alerts() >= 2, "operators are alerted");
      assertTrue(h.platform.health().recentAlerts().stream().anyMatch(a -> a.contains("missing")));
    }
  }
}
