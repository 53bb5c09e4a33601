package com.tradeplan.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tradeplan.domain.plan.PlanStatus;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The member that takes a user over from a member that died counts the user's open position before
 * it runs any entry of theirs ({@link RiskFigures}, called from the take-over): three members over
 * one store and one paper gateway (the two left keep the quorum), alice's trade filled on one, that
 * member crashed.
 */
class RiskFiguresTakeoverTest {
  @TempDir Path dir;

  private PlatformCluster cluster;

  @AfterEach
  void stopAll() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void theSurvivorCountsTheOpenPositionOfTheUserItTookOver() throws Exception {
    cluster = new PlatformCluster(dir, Harness.gatewayConfig());
    cluster.gateway.publishTick("AAPL", "100.00");
    cluster.startMembers(3, 40); // two survivors keep the quorum
    Platform any = cluster.platforms.get(0);
    TestAccounts.link(any, "alice", cluster.gateway.account());
    var draft = Plans.plan("held").quantity(100).stop("90.00").target("120.00").draft();
    assertTrue(any.service().createDraft("alice", draft) instanceof CommandResult.Ok);
    assertTrue(any.service().activate("alice", "held") instanceof CommandResult.Ok);
    cluster.awaitEachUserOnExactlyOneMember(Set.of("alice"));
    cluster.awaitSubscribed(Set.of("AAPL"));

    publishUntil("101.50", PlanStatus.CONTINGENT_ACTIVE); // the entry goes out, then fills
    Platform runner = holderOf("alice");
    assertEquals(100, runner.riskLimits().entryLimits().position("alice", "AAPL"));

    cluster.crash(runner);
    cluster.awaitEachUserOnExactlyOneMember(Set.of("alice"));
    Platform survivor = holderOf("alice");
    assertEquals(
        100,
        survivor.riskLimits().entryLimits().position("alice", "AAPL"),
        "the survivor counts the position it took over");
  }

  private Platform holderOf(String owner) {
    return cluster.platforms.stream()
        .filter(p -> p.heldUsers().contains(owner))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no member runs " + owner));
  }

  private PlanStatus status() {
    return cluster
        .platforms
        .get(0)
        .service()
        .get("alice", "held")
        .orElseThrow()
        .snapshot()
        .status();
  }

  /** Publishes {@code last} again and again until alice's plan reaches {@code status}. */
  private void publishUntil(String last, PlanStatus status) {
    long deadline = System.nanoTime() + PlatformCluster.WAIT.toNanos();
    while (status() != status) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("held did not reach " + status + ": " + status());
      }
      cluster.gateway.publishTick("AAPL", last);
      LockSupport.parkNanos(50_000_000);
    }
  }
}
