package com.tradeplan.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tradeplan.domain.plan.DraftBuilder;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.risk.LimitScope;
import com.tradeplan.domain.risk.RiskLimits;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.gateway.GatewayConfig;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Account figures with clustered platforms (docs/cluster.md, "Account affinity"; docs/risk.md,
 * "Figures in a cluster"): the users of one account run on one member, so an account's position
 * limit across several of its users holds exactly: the entry that just fits fills, the next is
 * DENIED with the limit, its value and the figure, also after the member running them dies. And the
 * platform's order rate is shared by the members: each lets through its share.
 */
class AccountFiguresInClusterTest {
  static final String SHARED = AccountsTest.ALICE_ACCOUNT;
  static final String OTHER = AccountsTest.BOB_ACCOUNT;

  @TempDir Path dir;

  @Test
  void anAccountsPositionLimitAcrossItsUsersHoldsExactlyOnSeveralMembers() throws Exception {
    GatewayConfig g = Harness.gatewayConfig();
    g.accounts = List.of(SHARED, OTHER);
    try (PlatformCluster cluster = new PlatformCluster(dir, g)) {
      cluster.gateway.publishTick("AAPL", "100.00");
      // Three, so that the two left after the crash below still have a quorum.
      cluster.startMembers(3, 40);
      List<Platform> members = cluster.platforms;
      Platform first = members.get(0);
      List<String> shared = List.of("ann", "ben", "cid");
      for (String u : shared) {
        TestAccounts.link(first, u, SHARED);
      }
      TestAccounts.link(first, "dot", OTHER);
      assertInstanceOf(
          RiskLimitsService.ChangeResult.Saved.class,
          first
              .riskLimits()
              .change(
                  LimitScope.ACCOUNT,
                  SHARED,
                  RiskLimits.builder().maxPositionPerSymbol(150L).build(),
                  0,
                  "ops",
                  "one account, three traders"));
      // In force on every member before any plan runs: the other members hear the change through
      // the cluster and read it from the store at once, or at their poll if the notice is missed
      // (docs/risk.md, "Changing a limit"). A layer that is not set reads as RiskLimits.NONE,
      // never null, so only its value says so.
      PlatformCluster.await(
          "the account's limit on every member",
          () -> members.stream().allMatch(p -> Long.valueOf(150L).equals(accountMax(p))));

      // Activated through both members; 100 + 50 just fits the account's 150, then 1 more.
      activate(members.get(0), "ann", "a1", 100, "101.00");
      activate(members.get(1), "ben", "b1", 50, "101.00");
      activate(members.get(2), "cid", "c1", 1, "102.00");
      activate(members.get(0), "dot", "d1", 10, "101.00");
      cluster.awaitEachUserOnExactlyOneMember(Set.of("ann", "ben", "cid", "dot"));
      assertEquals(1, membersRunning(members, shared), "the account's users run on one member");

      cluster.awaitSubscribed(Set.of("AAPL"));
      publishUntil(
          cluster, "101.50", () -> filled(first, "ann", "a1") && filled(first, "ben", "b1"));
      try {
        publishUntil(
            cluster, "102.00", () -> read(first, "cid", "c1").status() == PlanStatus.CANCELLED);
      } catch (AssertionError e) {
        throw new AssertionError(figuresSeen(cluster, members, first), e);
      }
      String reason =
          "maximum position per symbol 150 on AAPL for account "
              + SHARED
              + " exceeded (position 150, working entries +0, this entry +1: 151 shares)";
      assertEquals("denied: " + reason, read(first, "cid", "c1").endReason());
      assertFalse(sentFor(cluster, "c1"), "the denied entry never reached the gateway");

      // The member running the account dies; the survivor rebuilds the account's figures from
      // its users' fills and refuses the next share the same way.
      Platform runner =
          members.stream().filter(p -> p.heldUsers().contains("ann")).findFirst().orElseThrow();
      // At once after the fills: the dead member may not have written them to the store yet; the
      // survivor counts what its history lacks from the replicated state (RiskFigures).
      cluster.crash(runner);
      Platform survivor = cluster.platforms.get(0);
      cluster.awaitEachUserOnExactlyOneMember(Set.of("ann", "ben", "cid", "dot"));
      activate(survivor, "cid", "c2", 1, "103.00");
      cluster.awaitSubscribed(Set.of("AAPL"));
      try {
        publishUntil(
            cluster, "103.00", () -> read(survivor, "cid", "c2").status() == PlanStatus.CANCELLED);
      } catch (AssertionError e) {
        throw new AssertionError(figuresSeen(cluster, members, survivor), e);
      }
      assertEquals("denied: " + reason, read(survivor, "cid", "c2").endReason());
      assertFalse(sentFor(cluster, "c2"), "the denied entry never reached the gateway");
      assertEquals(List.of(), cluster.gateway.getAudit().refsSentMoreThanOnce(), "sent twice");
    }
  }

  @Test
  void eachMemberLetsThroughItsShareOfThePlatformsRate() throws Exception {
    GatewayConfig g = Harness.gatewayConfig();
    g.accounts = List.of(SHARED, OTHER);
    try (PlatformCluster cluster = new PlatformCluster(dir, g)) {
      cluster.gateway.publishTick("AAPL", "100.00");
      cluster.startMembers(2, 44);
      Platform first = cluster.platforms.get(0);
      TestAccounts.link(first, "eve", SHARED);
      // 2 entries a second for the platform: 1 a second on each of the 2 members.
      assertInstanceOf(
          RiskLimitsService.ChangeResult.Saved.class,
          first
              .riskLimits()
              .change(
                  LimitScope.PLATFORM,
                  null,
                  RiskLimits.builder().platformOrdersPerSecond(2).build(),
                  0,
                  "ops",
                  "two a second in all"));
      PlatformCluster.await(
          "the platform's rate on every member",
          () ->
              cluster.platforms.stream()
                  .allMatch(
                      p ->
                          Integer.valueOf(2)
                              .equals(
                                  p.riskLimits().layers().platform().platformOrdersPerSecond())));
      activate(first, "eve", "e1", 10, "101.00");
      activate(first, "eve", "e2", 10, "101.00");
      cluster.awaitEachUserOnExactlyOneMember(Set.of("eve"));
      cluster.awaitSubscribed(Set.of("AAPL"));
      // Both entries trigger on one tick: the member's share lets one through, refuses the other.
      publishUntil(
          cluster,
          "101.50",
          () ->
              read(first, "eve", "e1").status() == PlanStatus.CANCELLED
                  || read(first, "eve", "e2").status() == PlanStatus.CANCELLED);
      PlanSnapshot denied =
          read(first, "eve", "e1").status() == PlanStatus.CANCELLED
              ? read(first, "eve", "e1")
              : read(first, "eve", "e2");
      assertEquals(
          "denied: platform order rate limit 2/s, this member's share 1/s of 2 members, reached"
              + " (2 entries in the last second with this one)",
          denied.endReason());
    }
  }

  /**
   * A re-link while a plan runs in the old account: the link is stored, the user stays where its
   * plan runs, and its next activation is refused with the reason (nothing stored); once that plan
   * ended, the activation moves the user to the new account's key and the plan runs there.
   */
  @Test
  void aRelinkedUserMovesOnlyOnceItsPlansInTheOldAccountEnded() throws Exception {
    GatewayConfig g = Harness.gatewayConfig();
    g.accounts = List.of(SHARED, OTHER);
    try (Harness h = new Harness(dir, g)) {
      h.start();
      TestAccounts.link(h.platform, "fay", SHARED);
      activate(h.platform, "fay", "f1", 10, "105.00");
      assertEquals(UserAccounts.Linked.LINKED, h.platform.accounts().link("fay", OTHER));

      var draft =
          DraftBuilder.draft("f2")
              .owner("fay")
              .symbol("AAPL")
              .entry("105.00")
              .stop("99.00")
              .build();
      assertInstanceOf(CommandResult.Ok.class, h.service().createDraft("fay", draft));
      var refused =
          assertInstanceOf(CommandResult.Refused.class, h.service().activate("fay", "f2"));
      assertEquals(
          "user fay has 1 unfinished plan(s) in account "
              + SHARED
              + ": it moves to account "
              + OTHER
              + " once they have ended: the plan stays a draft",
          refused.reason());
      assertEquals(PlanStatus.DRAFT, read(h.platform, "fay", "f2").status());

      assertInstanceOf(CommandResult.Ok.class, h.service().cancel("fay", "f1"));
      Harness.await(
          "f1 cancelled", () -> read(h.platform, "fay", "f1").status() == PlanStatus.CANCELLED);
      Harness.await(
          "f2 activated in the new account",
          () -> h.service().activate("fay", "f2") instanceof CommandResult.Ok);
      assertEquals(OTHER, read(h.platform, "fay", "f2").account());
      Harness.await(
          "f2 monitored after the move",
          () ->
              h.platform.heldUsers().contains("fay") && h.platform.health().monitoredPlans() == 1);
    }
  }

  private static void activate(Platform via, String owner, String id, long qty, String entry) {
    var draft =
        DraftBuilder.draft(id)
            .owner(owner)
            .symbol("AAPL")
            .quantity(qty)
            .entry(entry)
            .stop("99.00")
            .target("110.00")
            .build();
    assertInstanceOf(CommandResult.Ok.class, via.service().createDraft(owner, draft));
    var activated = via.service().activate(owner, id);
    assertTrue(activated instanceof CommandResult.Ok, "activate " + id + ": " + activated);
  }

  /** What a failure of the account's limit shows: the plans, the gateway and each member. */
  private static String figuresSeen(PlatformCluster cluster, List<Platform> members, Platform via) {
    StringBuilder b = new StringBuilder();
    for (String[] p : new String[][] {{"ann", "a1"}, {"ben", "b1"}, {"cid", "c1"}, {"cid", "c2"}}) {
      if (via.service().get(p[0], p[1]).isEmpty()) {
        continue;
      }
      PlanSnapshot s = read(via, p[0], p[1]);
      b.append(p[1]).append(' ').append(s.status()).append(" position ").append(s.position());
      b.append(" sent ").append(sentFor(cluster, p[1])).append(" (").append(s.endReason());
      b.append("); ");
    }
    for (Platform m : members) {
      b.append(m.heldUsers()).append(" counts ann ");
      b.append(m.riskLimits().entryLimits().position("ann", "AAPL"));
      b.append(" under the account's maximum ").append(accountMax(m)).append("; ");
    }
    return b.toString();
  }

  /** The account's maximum position per symbol in force on {@code p} (null: none yet). */
  private static Long accountMax(Platform p) {
    return p.riskLimits().layers().forAccount(SHARED).maxPositionPerSymbol();
  }

  private static int membersRunning(List<Platform> members, List<String> users) {
    Set<Platform> running = new HashSet<>();
    for (Platform p : members) {
      for (String u : users) {
        if (p.heldUsers().contains(u)) {
          running.add(p);
        }
      }
    }
    return running.size();
  }

  private static PlanSnapshot read(Platform p, String owner, String id) {
    return p.service().get(owner, id).orElseThrow().snapshot();
  }

  private static boolean filled(Platform p, String owner, String id) {
    return read(p, owner, id).status() == PlanStatus.CONTINGENT_ACTIVE;
  }

  private static boolean sentFor(PlatformCluster cluster, String planId) {
    return cluster.gateway.getAudit().newOrdersByRef().keySet().stream()
        .anyMatch(r -> r.startsWith(planId + ":"));
  }

  /** Publishes {@code last} again and again until {@code done}. */
  private static void publishUntil(
      PlatformCluster cluster, String last, java.util.function.BooleanSupplier done) {
    PlatformCluster.await(
        "plans past " + last,
        () -> {
          if (done.getAsBoolean()) {
            return true;
          }
          cluster.gateway.publishTick("AAPL", last);
          return false;
        });
  }
}
