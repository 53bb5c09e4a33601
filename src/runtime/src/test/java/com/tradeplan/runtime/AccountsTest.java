package com.tradeplan.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tradeplan.domain.plan.DraftBuilder;
import com.tradeplan.domain.plan.Plan;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.PlanValidator;
import com.tradeplan.domain.plan.ValidationResult;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.engine.facts.EventClock;
import com.tradeplan.engine.facts.PlanState;
import com.tradeplan.gateway.AuditEntry;
import com.tradeplan.gateway.GatewayConfig;
import com.tradeplan.gateway.Position;
import com.tradeplan.store.MongoConfig;
import com.tradeplan.store.TradeStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Accounts over real sockets: one platform, one connection to a paper gateway serving two accounts,
 * each trader linked to one. Activation needs a linked account; every order of a plan (a
 * take-over's re-send too) names the account fixed on the plan at activation.
 */
class AccountsTest {
  static final String ALICE_ACCOUNT = "DU1111111";
  static final String BOB_ACCOUNT = "DU2222222";

  @TempDir Path dir;

  static GatewayConfig twoAccounts() {
    GatewayConfig g = Harness.gatewayConfig();
    g.accounts = List.of(ALICE_ACCOUNT, BOB_ACCOUNT);
    return g;
  }

  @Test
  void aTraderWithoutAnAccountDraftsButCannotActivateAndNothingChanges() throws Exception {
    try (Harness h = new Harness(dir, twoAccounts())) {
      h.start();
      TradingService s = h.service();
      assertInstanceOf(
          CommandResult.Ok.class,
          s.createDraft("carol", DraftBuilder.draft("c1").stop("99.00").build()));
      long version = s.get("carol", "c1").orElseThrow().snapshot().version();

      var refused = assertInstanceOf(CommandResult.Refused.class, s.activate("carol", "c1"));

      assertTrue(
          refused.reason().startsWith("no IB account is linked to user carol"), refused.reason());
      PlanSnapshot after = s.get("carol", "c1").orElseThrow().snapshot();
      assertEquals(PlanStatus.DRAFT, after.status(), "still a draft");
      assertEquals(version, after.version(), "nothing stored");
      assertEquals(1, s.history("carol", "c1").size(), "no history besides the draft's own");
      assertEquals(0, h.platform.health().monitoredPlans());
    }
  }

  @Test
  void anAccountTheConnectionDoesNotServeIsNotLinked() throws Exception {
    try (Harness h = new Harness(dir, twoAccounts())) {
      h.start();
      TestAccounts.link(h.platform, "alice", ALICE_ACCOUNT);
      assertEquals(
          UserAccounts.Linked.NOT_SERVED, h.platform.accounts().link("alice", "DU9999999"));
      assertEquals(UserAccounts.Linked.BAD_ACCOUNT, h.platform.accounts().link("alice", "DU 1"));
      assertEquals(
          List.of(ALICE_ACCOUNT), h.platform.accounts().accountOf("alice").stream().toList());
    }
  }

  @Test
  void twoTradersOnTwoAccountsOverOneConnectionNeverSeeOrMoveEachOthersPositions()
      throws Exception {
    try (Harness h = new Harness(dir, twoAccounts())) {
      h.gateway.publishTick("AAPL", "100.10");
      h.start();
      TestAccounts.link(h.platform, "alice", ALICE_ACCOUNT);
      TestAccounts.link(h.platform, "bob", BOB_ACCOUNT);
      h.activate("alice", DraftBuilder.draft("a1").stop("99.00").target("110.00").build());
      h.activate(
          "bob",
          DraftBuilder.draft("b1")
              .owner("bob")
              .quantity(30)
              .stop("99.00")
              .target("110.00")
              .build());
      h.settle();
      h.tick("AAPL", "101.50"); // both entries trigger
      h.tick("AAPL", "101.60"); // and fill
      Harness.await(
          "both live",
          () ->
              status(h, "alice", "a1") == PlanStatus.CONTINGENT_ACTIVE
                  && status(h, "bob", "b1") == PlanStatus.CONTINGENT_ACTIVE);
      assertEquals(100, position(h, ALICE_ACCOUNT));
      assertEquals(30, position(h, BOB_ACCOUNT));

      // Neither sees nor moves the other's plan.
      TradingService s = h.service();
      assertTrue(s.get("bob", "a1").isEmpty());
      assertInstanceOf(CommandResult.NotFound.class, s.flatten("bob", "a1"));
      assertInstanceOf(CommandResult.NotFound.class, s.cancel("alice", "b1"));

      // A re-link after activation does not move the live plan: its flatten goes to its account.
      assertEquals(UserAccounts.Linked.LINKED, h.platform.accounts().link("alice", BOB_ACCOUNT));
      assertInstanceOf(CommandResult.Ok.class, s.flatten("alice", "a1"));
      h.tick("AAPL", "101.70");
      h.tick("AAPL", "101.80");
      Harness.await("alice flat", () -> status(h, "alice", "a1") == PlanStatus.INACTIVE);
      Harness.await("alice's account flat", () -> position(h, ALICE_ACCOUNT) == 0);
      assertEquals(30, position(h, BOB_ACCOUNT), "bob's position untouched");

      for (AuditEntry e : h.gateway.getAudit().entries()) {
        String expected = e.orderRef().startsWith("a1:") ? ALICE_ACCOUNT : BOB_ACCOUNT;
        assertEquals(expected, e.account(), "account of " + e.orderRef());
      }
      assertTrue(h.gateway.getAudit().entries().size() >= 3, "entries and the flatten sent");
    }
  }

  @Test
  void anEntryResentAtStartCarriesTheAccountFixedOnItsPlan() throws Exception {
    try (Harness h = new Harness(dir, twoAccounts())) {
      h.gateway.publishTick("AAPL", "101.50");
      try (MongoConfig.MongoConnection c =
          MongoConfig.fromEnvironment(Map.of("TRADEPLAN_DATA_DIR", dir.toString())).connect()) {
        TradeStore.open(c).create(entryRecordedNotSent("r1").withAccount(BOB_ACCOUNT));
      }
      h.start();

      assertEquals(List.of("r1:ENTRY:0:1"), h.platform.recovery().resent());
      Harness.await("the re-sent entry at the gateway", () -> h.gateway.getAudit().size() == 1);
      AuditEntry sent = h.gateway.getAudit().entries().get(0);
      assertEquals("r1:ENTRY:0:1", sent.orderRef());
      assertEquals(BOB_ACCOUNT, sent.account(), "not the connection's default account");
    }
  }

  /** An ACTIVE plan of alice whose entry triggered: its intent is in the state, CREATED. */
  private static PlanSnapshot entryRecordedNotSent(String id) {
    Plan plan =
        ((ValidationResult.Valid)
                PlanValidator.validate(
                    DraftBuilder.draft(id).stop("99.00").target("110.00").build()))
            .plan();
    EventClock clock = new EventClock();
    clock.setRule("Entry triggers");
    PlanState state = PlanState.restore(PlanSnapshot.initial(plan, PlanStatus.ACTIVE), clock);
    state.openEntry();
    return state.snapshot().withVersion(2);
  }

  private static PlanStatus status(Harness h, String owner, String planId) {
    return h.service().get(owner, planId).orElseThrow().snapshot().status();
  }

  /** The account's AAPL position at the gateway, in shares. */
  private static long position(Harness h, String account) {
    Position p = h.gateway.positions(account).get("AAPL");
    return p == null ? 0 : p.quantity().longValueExact();
  }
}
