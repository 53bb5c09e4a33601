package com.tradeplan.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tradeplan.cluster.HolderReply;
import com.tradeplan.domain.plan.DraftBuilder;
import com.tradeplan.domain.plan.FieldError;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.formats.PlansJson;
import com.tradeplan.gateway.PaperGateway;
import com.tradeplan.testkit.BenchRecord;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three clustered platforms in one JVM over one embedded store and one paper gateway, each with its
 * own IB client id: every user runs on exactly one member; a member that dies (terminated without
 * handing anything over) has its users taken over by the others, which reconcile with the gateway
 * by orderRef (across client ids) and finish every plan exactly as without the failure, with no
 * orderRef sent twice.
 */
class ClusteredPlatformTest {
  private static final int MEMBERS = 3;
  private static final int USERS = 12;
  private static final int PLANS_PER_USER = 2;
  private static final int EDIT_USERS = 6;
  private static final Duration WAIT = PlatformCluster.WAIT;

  @TempDir Path dir;

  private PlatformCluster cluster;
  private List<Platform> platforms;
  private PaperGateway gateway;

  @AfterEach
  void stopAll() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Starts the store, the gateway and {@link #MEMBERS} clustered platforms; waits until joined. */
  private void startCluster() throws Exception {
    cluster = new PlatformCluster(dir, Harness.gatewayConfig());
    gateway = cluster.gateway;
    platforms = cluster.platforms;
    cluster.startMembers(MEMBERS, 20);
  }

  @Test
  void aTerminatedMembersUsersFinishOnTheOthersWithNothingSentTwice() throws Exception {
    terminateAMemberAndFinishOnTheOthers(false);
  }

  /**
   * The entries are at the gateway when their member dies and fill before anyone runs their users:
   * those fills reach the survivors only through the take-over's reconcile, and must find the
   * restored plans. (The ordering race of 2026-12-03 that lost such a fill, plans restored after
   * the reconcile, needs a reconcile already running at the take-over; this test does not provoke
   * it reliably, the 1,000-plan chaos runs did.)
   */
  @Test
  void entriesThatFillWhileTheirMemberIsDeadReachTheSurvivorsThroughTheReconcile()
      throws Exception {
    terminateAMemberAndFinishOnTheOthers(true);
  }

  private void terminateAMemberAndFinishOnTheOthers(boolean fillAfterTheKill) throws Exception {
    startCluster();

    // Plans created and activated through every member (any member serves the API).
    Map<String, String> ownerOf = new HashMap<>();
    int n = 0;
    for (int u = 0; u < USERS; u++) {
      String owner = "trader-" + u;
      for (int k = 0; k < PLANS_PER_USER; k++) {
        TradingService via = platforms.get(n++ % MEMBERS).service();
        String symbol = k == 0 ? "AAPL" : "MSFT";
        var draft =
            DraftBuilder.draft(owner + "-" + k)
                .owner(owner)
                .symbol(symbol)
                .entry("101.00")
                .stop("99.00")
                .target("103.00")
                .build();
        var created = via.createDraft(owner, draft);
        assertTrue(created instanceof CommandResult.Ok, "create " + created);
        if (k == 0) {
          TestAccounts.link(platforms.get(0), owner, gateway.account());
        }
        var activated = via.activate(owner, owner + "-" + k);
        assertTrue(activated instanceof CommandResult.Ok, "activate " + activated);
        ownerOf.put(owner + "-" + k, owner);
      }
    }
    Set<String> users = new HashSet<>(ownerOf.values());
    cluster.awaitEachUserOnExactlyOneMember(users);
    await("every plan monitored", () -> monitored(platforms) == ownerOf.size());
    cluster.awaitSubscribed(Set.of("AAPL", "MSFT"));

    // Entry: trigger at 101.50, every entry order at the gateway, then fill at 102.00.
    publishUntil("101.50", ownerOf, s -> s.status() != PlanStatus.ACTIVE);
    await("entries at the gateway", () -> gateway.getAudit().size() >= ownerOf.size());
    if (!fillAfterTheKill) {
      publishUntil("102.00", ownerOf, s -> s.status() == PlanStatus.CONTINGENT_ACTIVE);
    }

    // The member running the most users dies without handing anything over. Any member may be it:
    // the users share one IB account, so account affinity puts them all on the member that owns
    // the account's partition (docs/cluster.md, "Account affinity").
    Platform victim = platforms.get(0);
    for (Platform p : platforms) {
      if (p.heldUsers().size() > victim.heldUsers().size()) {
        victim = p;
      }
    }
    Set<String> victimUsers = Set.copyOf(victim.heldUsers());
    assertTrue(!victimUsers.isEmpty(), "the victim runs users");
    long killedAt = System.nanoTime();
    cluster.crash(victim);
    if (fillAfterTheKill) {
      // The working entries fill now, while nobody runs the dead member's users.
      gateway.publishTick("AAPL", "102.00");
      gateway.publishTick("MSFT", "102.00");
    }
    cluster.awaitEachUserOnExactlyOneMember(users);
    long recoveredMillis = (System.nanoTime() - killedAt) / 1_000_000;
    await("every plan monitored again", () -> monitored(platforms) == ownerOf.size());
    cluster.awaitSubscribed(Set.of("AAPL", "MSFT"));
    System.out.println(
        "clustered platform: "
            + victimUsers.size()
            + " users of the terminated member running again after "
            + recoveredMillis
            + " ms");

    if (fillAfterTheKill) {
      publishUntil("102.00", ownerOf, s -> s.status() == PlanStatus.CONTINGENT_ACTIVE);
    }
    // Target at 103.50: every plan closes on the survivors, filled at 103.50.
    publishUntil("103.50", ownerOf, s -> s.status() == PlanStatus.INACTIVE);

    assertEquals(List.of(), gateway.getAudit().refsSentMoreThanOnce(), "orderRefs sent twice");
    assertEquals(2 * ownerOf.size(), gateway.getAudit().newOrdersByRef().size(), "orders sent");
    for (Map.Entry<String, String> e : ownerOf.entrySet()) {
      PlanSnapshot s = read(e.getKey(), e.getValue());
      assertEquals(PlanStatus.INACTIVE, s.status(), e.getKey());
      assertEquals(0, s.position(), e.getKey());
      // Entries fill at the tick after the order (101.50 repeated, or 102.00); exits at 103.50.
      BigDecimal entry = s.avgEntryPrice();
      assertTrue(
          entry.compareTo(new BigDecimal("101.50")) == 0
              || entry.compareTo(new BigDecimal("102.00")) == 0,
          e.getKey() + " entry " + entry);
      BigDecimal expected =
          new BigDecimal("103.50").subtract(entry).multiply(BigDecimal.valueOf(100));
      assertEquals(0, expected.compareTo(s.realizedPnl()), e.getKey() + " " + s);
    }
    // Recorded once every check above held: the plans all finished, nothing was sent twice.
    BenchRecord.append(
        ClusterFailoverProcessTest.BENCH_FILE,
        Map.of(
            "test",
            "clusteredPlatform",
            "fillAfterKill",
            fillAfterTheKill,
            "users",
            USERS,
            "plans",
            ownerOf.size(),
            "victimUsers",
            victimUsers.size(),
            "recoveryMs",
            recoveredMillis,
            "sentTwice",
            gateway.getAudit().refsSentMoreThanOnce().size(),
            "plansFinished",
            ownerOf.size()));
  }

  @Test
  void anActivePlanIsEditedThroughAMemberThatDoesNotRunItsUser() throws Exception {
    startCluster();
    Map<String, String> ownerOf = new HashMap<>();
    for (int u = 0; u < EDIT_USERS; u++) {
      String owner = "editor-" + u;
      String planId = owner + "-p";
      TradingService via = platforms.get(u % MEMBERS).service();
      var created = via.createDraft(owner, editable(planId, owner, "99.00", "103.00"));
      assertTrue(created instanceof CommandResult.Ok, "create " + created);
      TestAccounts.link(platforms.get(0), owner, gateway.account());
      var activated = via.activate(owner, planId);
      assertTrue(activated instanceof CommandResult.Ok, "activate " + activated);
      ownerOf.put(planId, owner);
    }
    cluster.awaitEachUserOnExactlyOneMember(new HashSet<>(ownerOf.values()));
    await("every plan monitored", () -> monitored(platforms) == ownerOf.size());
    cluster.awaitSubscribed(Set.of("AAPL"));

    // Every plan: stop up to 99.50, target down to 102.50, through a member not running the user.
    for (Map.Entry<String, String> e : ownerOf.entrySet()) {
      String planId = e.getKey();
      String owner = e.getValue();
      // A client retries a 503 (the user is being moved between members: a partition migration
      // after the members joined); anything else is the answer.
      long deadline = System.nanoTime() + WAIT.toNanos();
      Platform holder;
      long v;
      CommandResult<PlanView> result;
      do {
        await("a member runs " + owner, () -> holderOrNull(owner) != null);
        holder = holderOf(owner);
        Platform asked = holder;
        Platform other = platforms.stream().filter(p -> p != asked).findFirst().orElseThrow();
        v = holder.service().get(owner, planId).orElseThrow().snapshot().version();
        result =
            other.service().update(owner, planId, editable(planId, owner, "99.50", "102.50"), v);
      } while (result instanceof CommandResult.Unavailable<PlanView>
          && System.nanoTime() < deadline
          && pause(50));
      assertInstanceOf(CommandResult.Ok.class, result, planId);
      PlanSnapshot answered = ((PlanView) ((CommandResult.Ok<?>) result).value()).snapshot();
      assertEquals(v + 1, answered.version(), planId);
      assertLevels(answered, "99.50", "102.50");

      // The holder's engine runs the new version; the store has it too.
      PlanSnapshot onHolder = holder.service().get(owner, planId).orElseThrow().snapshot();
      assertEquals(PlanStatus.ACTIVE, onHolder.status(), planId);
      assertEquals(v + 1, onHolder.version(), planId);
      assertLevels(onHolder, "99.50", "102.50");
      assertLevels(read(planId, owner), "99.50", "102.50");
    }

    // Refusals come back from the holder as the same results a local edit gives.
    String planId = ownerOf.keySet().iterator().next();
    String owner = ownerOf.get(planId);
    Platform holder = holderOf(owner);
    Platform other = platforms.stream().filter(p -> p != holder).findFirst().orElseThrow();
    long v = holder.service().get(owner, planId).orElseThrow().snapshot().version();
    // A version the store has passed is answered here; one ahead of it by the holder.
    assertInstanceOf(
        CommandResult.Conflict.class,
        other.service().update(owner, planId, editable(planId, owner, "99.50", "102.60"), v - 1));
    assertInstanceOf(
        CommandResult.Conflict.class,
        other.service().update(owner, planId, editable(planId, owner, "99.50", "102.60"), v + 5));
    // Invalid input: answered by the member asked, field by field.
    var invalid =
        assertInstanceOf(
            CommandResult.Invalid.class,
            other.service().update(owner, planId, editable(planId, owner, "99.50", "100.50"), v));
    assertTrue(
        invalid.errors().stream()
            .anyMatch(x -> ((FieldError) x).field().equals("targets[0].price")),
        "field errors " + invalid.errors());
    // ... and by the holder, when only it finds the edit invalid: the field errors make the trip.
    String json =
        PlansJson.write(List.of(read(planId, owner).plan())).replace("\"102.50\"", "\"100.50\"");
    HolderReply<ForwardedAnswer> reply =
        other.cluster().callOnHolder(new ForwardedEdit(owner, planId, json, v), WAIT);
    ForwardedAnswer answer = ((HolderReply.Answered<ForwardedAnswer>) reply).answer();
    assertEquals(ForwardedAnswer.Outcome.INVALID, answer.outcome(), answer.toString());
    assertTrue(
        answer.fieldErrors().stream().anyMatch(x -> x.field().equals("targets[0].price")),
        answer.toString());
    assertEquals(v, holder.service().get(owner, planId).orElseThrow().snapshot().version());

    // The edits are what the engine trades: entries fill, then every plan closes at 102.70,
    // above the new target 102.50 and below the old one (103.00).
    publishUntil("101.50", ownerOf, s -> s.status() != PlanStatus.ACTIVE);
    await("entries at the gateway", () -> gateway.getAudit().size() >= ownerOf.size());
    publishUntil("102.00", ownerOf, s -> s.status() == PlanStatus.CONTINGENT_ACTIVE);
    publishUntil("102.70", ownerOf, s -> s.status() == PlanStatus.INACTIVE);
    assertEquals(List.of(), gateway.getAudit().refsSentMoreThanOnce(), "orderRefs sent twice");
    for (Map.Entry<String, String> e : ownerOf.entrySet()) {
      PlanSnapshot s = read(e.getKey(), e.getValue());
      assertEquals(0, s.position(), e.getKey());
      BigDecimal expected =
          new BigDecimal("102.70").subtract(s.avgEntryPrice()).multiply(BigDecimal.valueOf(100));
      assertEquals(0, expected.compareTo(s.realizedPnl()), e.getKey() + " " + s);
    }
  }

  private static com.tradeplan.domain.plan.PlanDraft editable(
      String planId, String owner, String stop, String target) {
    return DraftBuilder.draft(planId)
        .owner(owner)
        .symbol("AAPL")
        .entry("101.00")
        .stop(stop)
        .target(target)
        .build();
  }

  private static void assertLevels(PlanSnapshot s, String stop, String target) {
    assertEquals(stop, s.plan().stops().get(0).price().toPlainString(), s.planId());
    assertEquals(target, s.plan().targets().get(0).price().toPlainString(), s.planId());
  }

  private Platform holderOrNull(String owner) {
    return platforms.stream().filter(p -> p.heldUsers().contains(owner)).findFirst().orElse(null);
  }

  private static boolean pause(long millis) {
    java.util.concurrent.locks.LockSupport.parkNanos(
        java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(millis));
    return true;
  }

  private Platform holderOf(String owner) {
    return platforms.stream()
        .filter(p -> p.heldUsers().contains(owner))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no member runs " + owner));
  }

  private PlanSnapshot read(String planId, String owner) {
    return platforms.get(0).service().get(owner, planId).orElseThrow().snapshot();
  }

  /** Publishes {@code last} on both symbols, again and again, until every plan satisfies done. */
  private void publishUntil(
      String last, Map<String, String> ownerOf, Predicate<PlanSnapshot> done) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      boolean all = true;
      for (Map.Entry<String, String> e : ownerOf.entrySet()) {
        if (!done.test(read(e.getKey(), e.getValue()))) {
          all = false;
          break;
        }
      }
      if (all) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("plans did not get past " + last + ": " + stuck(ownerOf, done));
      }
      gateway.publishTick("AAPL", last);
      gateway.publishTick("MSFT", last);
      java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
    }
  }

  /** For the failure message: each plan not done, its state and where its user runs. */
  private String stuck(Map<String, String> ownerOf, Predicate<PlanSnapshot> done) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, String> e : ownerOf.entrySet()) {
      PlanSnapshot s = read(e.getKey(), e.getValue());
      if (done.test(s)) {
        continue;
      }
      sb.append("\n  ").append(e.getKey()).append(' ').append(s.status()).append(" v");
      sb.append(s.version()).append(" orders=").append(s.orders());
      for (Platform p : platforms) {
        if (p.heldUsers().contains(e.getValue())) {
          sb.append(" held by ").append(p.cluster().address());
          sb.append(" epoch ").append(p.cluster().epochOf(e.getValue()));
          sb.append(" monitoring ").append(p.health().monitoredPlans());
          sb.append(" market data ").append(p.health().marketDataAgeMillis());
        }
      }
    }
    return sb.toString();
  }

  private static int monitored(List<Platform> members) {
    int sum = 0;
    for (Platform p : members) {
      sum += p.health().monitoredPlans();
    }
    return sum;
  }

  private static void await(String what, java.util.function.BooleanSupplier condition) {
    PlatformCluster.await(what, condition);
  }
}
