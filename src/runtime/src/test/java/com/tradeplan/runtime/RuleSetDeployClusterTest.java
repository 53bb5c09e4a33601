package com.tradeplan.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tradeplan.domain.plan.DraftBuilder;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.state.OrderSnapshot;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.gateway.PaperGateway;
import com.tradeplan.runtime.RuleVersions.DeployResult;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rule-set version deployed while plans are live, in a cluster of three real members (issue 15,
 * point 4's required test; docs/rules.md, "Versions and plans: the pin"). Version 2 is the shipped
 * rules with every rule renamed ({@value #V2_MARK} appended), so every order tells which version's
 * rule sent it. Plans open at the deploy finish on version 1, plans activated after it run on
 * version 2, for the same users at the same time (their sessions hold both KieBases); then the
 * member running most users is killed and the survivors finish every plan, each on its pinned
 * version. A canary: its users' new plans take the canary version, the others' the deployed one;
 * abort and promote; pinned plans stay pinned.
 */
class RuleSetDeployClusterTest {
  static final String V2_MARK = " [version 2]";
  private static final int MEMBERS = 3;
  private static final int USERS = 6;

  @TempDir Path dir;

  private PlatformCluster cluster;
  private List<Platform> platforms;
  private PaperGateway gateway;

  /** Plan id to owner, in activation order. */
  private final Map<String, String> ownerOf = new LinkedHashMap<>();

  @AfterEach
  void stopAll() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private void startCluster(int firstClientId) throws Exception {
    cluster = new PlatformCluster(dir, Harness.gatewayConfig());
    gateway = cluster.gateway;
    platforms = cluster.platforms;
    cluster.startMembers(MEMBERS, firstClientId);
  }

  @Test
  void openPlansFinishOnTheirVersionNewOnesRunTheDeployedOneAlsoAfterAFailover() throws Exception {
    startCluster(40);
    // Before the deploy: two plans per user, live (entered and filled) when version 2 goes out.
    // Targets 103 ("a": closes before the kill) and 104 ("b": closes on the survivors).
    for (int u = 0; u < USERS; u++) {
      activate(u, "trader-" + u + "-v1a", "103.00", u % MEMBERS);
      activate(u, "trader-" + u + "-v1b", "104.00", (u + 1) % MEMBERS);
    }
    List<String> before = List.copyOf(ownerOf.keySet());
    await("every plan monitored", () -> monitored() == ownerOf.size());
    cluster.awaitSubscribed(Set.of("AAPL"));
    enterAndFill(before);

    int v2 = deployVersion2(platforms.get(1));

    // After the switch: two more plans per user, through other members, pinned to version 2.
    for (int u = 0; u < USERS; u++) {
      activate(u, "trader-" + u + "-v2a", "103.00", (u + 2) % MEMBERS);
      activate(u, "trader-" + u + "-v2b", "104.00", u % MEMBERS);
    }
    List<String> after = ownerOf.keySet().stream().filter(id -> !before.contains(id)).toList();
    for (String id : before) {
      assertEquals(1, read(id).ruleSetVersion(), id + " pinned at its activation");
    }
    for (String id : after) {
      assertEquals(v2, read(id).ruleSetVersion(), id + " activated after the switch");
    }
    await("every plan monitored", () -> monitored() == ownerOf.size());
    enterAndFill(after);

    // Targets at 103: the "a" plans of both versions close on the members that ran them.
    List<String> closeFirst = ids(id -> id.endsWith("a"));
    publishUntil("103.50", closeFirst, s -> s.status() == PlanStatus.INACTIVE);

    // The member running most users dies; the survivors take its users over.
    Platform victim = platforms.get(0);
    for (Platform p : platforms) {
      if (p.heldUsers().size() > victim.heldUsers().size()) {
        victim = p;
      }
    }
    assertFalse(victim.heldUsers().isEmpty(), "the victim runs users");
    Set<String> users = Set.copyOf(ownerOf.values());
    cluster.crash(victim);
    cluster.awaitEachUserOnExactlyOneMember(users);
    List<String> closeLast = ids(id -> id.endsWith("b"));
    await("the open plans monitored again", () -> monitored() == closeLast.size());
    cluster.awaitSubscribed(Set.of("AAPL"));
    for (Platform p : platforms) {
      assertNotNull(p.rules().sets().loaded(v2), "a survivor holds version 2 compiled");
    }
    publishUntil("104.50", closeLast, s -> s.status() == PlanStatus.INACTIVE);

    assertEquals(List.of(), gateway.getAudit().refsSentMoreThanOnce(), "orderRefs sent twice");
    assertEquals(2 * ownerOf.size(), gateway.getAudit().newOrdersByRef().size(), "orders sent");
    for (String id : ownerOf.keySet()) {
      PlanSnapshot s = read(id);
      boolean onV2 = after.contains(id);
      assertEquals(PlanStatus.INACTIVE, s.status(), id);
      assertEquals(2, s.orders().size(), id + " " + s.orders());
      for (OrderSnapshot o : s.orders()) {
        assertEquals(
            onV2, o.rule().endsWith(V2_MARK), id + "'s order sent by rule \"" + o.rule() + "\"");
      }
      BigDecimal exit = new BigDecimal(id.endsWith("a") ? "103.50" : "104.50");
      BigDecimal expected = exit.subtract(s.avgEntryPrice()).multiply(BigDecimal.valueOf(100));
      assertEquals(0, expected.compareTo(s.realizedPnl()), id + " " + s);
    }
  }

  @Test
  void aCanaryPinsItsUsersNewPlansAbortAndPromoteLeavePinnedPlansAlone() throws Exception {
    startCluster(50);
    TestAccounts.link(platforms.get(0), "alice", gateway.account());
    TestAccounts.link(platforms.get(0), "bob", gateway.account());
    int v2 = storeVersion2(platforms.get(0));

    DeployResult canary = platforms.get(2).rules().deployCanary(v2, List.of("alice"), "sam", null);
    DeployResult.Deployed d = assertInstanceOf(DeployResult.Deployed.class, canary);
    assertEquals(MEMBERS, d.answers().size(), d.answers().toString());
    for (Platform p : platforms) {
      assertEquals(List.of("alice"), p.rules().canary().orElseThrow().users());
      assertEquals(1, p.rules().deployed());
      assertNotNull(p.rules().sets().loaded(v2), "prepared on every member");
    }
    activateAs("alice", "alice-canary", 1);
    activateAs("bob", "bob-deployed", 2);
    assertEquals(v2, read("alice-canary").ruleSetVersion());
    assertEquals(1, read("bob-deployed").ruleSetVersion());

    // Abort: alice's next plan takes the deployed version; her canary plan stays on version 2.
    assertEquals(v2, platforms.get(0).rules().abortCanary().orElseThrow().number());
    for (Platform p : platforms) {
      assertTrue(p.rules().canary().isEmpty());
    }
    activateAs("alice", "alice-after-abort", 2);
    assertEquals(1, read("alice-after-abort").ruleSetVersion());
    assertEquals(v2, read("alice-canary").ruleSetVersion());

    // Canary again, then promote (a deploy of its version): everyone's new plans on version 2.
    assertInstanceOf(
        DeployResult.Deployed.class,
        platforms.get(1).rules().deployCanary(v2, List.of("alice"), "sam", null));
    assertInstanceOf(DeployResult.Deployed.class, platforms.get(1).rules().deploy(v2, "sam", null));
    for (Platform p : platforms) {
      assertTrue(p.rules().canary().isEmpty(), "a promote ends the canary");
    }
    activateAs("bob", "bob-after-promote", 0);
    assertEquals(v2, read("bob-after-promote").ruleSetVersion());

    // Each plan trades on its pin: the entry order's rule says which version sent it.
    await("every plan monitored", () -> monitored() == ownerOf.size());
    cluster.awaitSubscribed(Set.of("AAPL"));
    publishUntil("101.50", List.copyOf(ownerOf.keySet()), s -> !s.orders().isEmpty());
    Map<String, Boolean> onV2 = new TreeMap<>();
    ownerOf.keySet().forEach(id -> onV2.put(id, read(id).orders().get(0).rule().endsWith(V2_MARK)));
    assertEquals(
        Map.of(
            "alice-canary", true,
            "bob-deployed", false,
            "alice-after-abort", false,
            "bob-after-promote", true),
        onV2);
  }

  // ------------------------------------------------------------------ helpers

  /** Stores version 2 (tested green) and deploys it through {@code via}; its number. */
  private int deployVersion2(Platform via) throws IOException {
    int v2 = storeVersion2(via);
    long t0 = System.nanoTime();
    DeployResult r = via.rules().deploy(v2, "sam", null);
    long millis = (System.nanoTime() - t0) / 1_000_000;
    DeployResult.Deployed d = assertInstanceOf(DeployResult.Deployed.class, r, r.toString());
    assertEquals(MEMBERS, d.answers().size(), d.answers().toString());
    assertTrue(d.answers().values().stream().allMatch("ready"::equals), d.answers().toString());
    System.out.println(
        "rule-set deploy across " + MEMBERS + " members: " + millis + " ms " + d.answers());
    for (Platform p : platforms) {
      assertEquals(v2, p.rules().deployed());
      assertNotNull(p.rules().sets().loaded(v2), "every member compiled it before the switch");
    }
    return v2;
  }

  private static int storeVersion2(Platform via) throws IOException {
    RuleVersions.Draft draft = via.rules().createDraft(version2Files(), "sam", "renamed", 1);
    assertNotNull(draft.version(), draft.problems().toString());
    int v2 = draft.version().number();
    // The scenario gate is the server's (RuleSetApiTest); here the test is recorded green.
    via.rules().recordTest(v2, true, "scenarios passed", "sam");
    return v2;
  }

  /** The shipped lifecycle rules with {@link #V2_MARK} appended to every rule's name. */
  static Map<String, String> version2Files() throws IOException {
    Path rules = Path.of("../../rules");
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(rules.resolve("lifecycle"))) {
      for (Path f : walk.filter(p -> p.toString().endsWith(".drl")).toList()) {
        String text =
            Files.readString(f).replaceAll("(?m)^rule \"(.*)\"", "rule \"$1" + V2_MARK + "\"");
        files.put(rules.relativize(f).toString().replace('\\', '/'), text);
      }
    }
    return files;
  }

  private void activate(int user, String planId, String target, int via) {
    String owner = "trader-" + user;
    if (!ownerOf.containsValue(owner)) {
      TestAccounts.link(platforms.get(0), owner, gateway.account());
    }
    create(owner, planId, target, via);
  }

  private void activateAs(String owner, String planId, int via) {
    create(owner, planId, "103.00", via);
  }

  private void create(String owner, String planId, String target, int via) {
    TradingService s = platforms.get(via).service();
    var draft =
        DraftBuilder.draft(planId)
            .owner(owner)
            .symbol("AAPL")
            .entry("101.00")
            .stop("99.00")
            .target(target)
            .build();
    assertInstanceOf(CommandResult.Ok.class, s.createDraft(owner, draft), planId);
    var activated = s.activate(owner, planId);
    assertInstanceOf(CommandResult.Ok.class, activated, planId + " " + activated);
    ownerOf.put(planId, owner);
  }

  /**
   * Entry triggered at 101.50, every entry at the gateway, filled at 102.00: the plans are live.
   */
  private void enterAndFill(List<String> planIds) {
    int sentBefore = gateway.getAudit().size();
    publishUntil("101.50", planIds, s -> s.status() != PlanStatus.ACTIVE);
    await("entries at the gateway", () -> gateway.getAudit().size() >= sentBefore + planIds.size());
    publishUntil("102.00", planIds, s -> s.status() == PlanStatus.CONTINGENT_ACTIVE);
  }

  private List<String> ids(Predicate<String> which) {
    List<String> out = new ArrayList<>();
    ownerOf.keySet().stream().filter(which).forEach(out::add);
    return out;
  }

  private PlanSnapshot read(String planId) {
    return platforms.get(0).service().get(ownerOf.get(planId), planId).orElseThrow().snapshot();
  }

  /** Publishes {@code last} on AAPL, again and again, until every plan of {@code ids} is done. */
  private void publishUntil(String last, List<String> ids, Predicate<PlanSnapshot> done) {
    long deadline = System.nanoTime() + PlatformCluster.WAIT.toNanos();
    while (!ids.stream().allMatch(id -> done.test(read(id)))) {
      if (System.nanoTime() > deadline) {
        StringBuilder sb = new StringBuilder();
        ids.stream()
            .filter(id -> !done.test(read(id)))
            .forEach(id -> sb.append("\n  ").append(id).append(' ').append(read(id)));
        throw new AssertionError("plans did not get past " + last + ":" + sb);
      }
      gateway.publishTick("AAPL", last);
      java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
    }
  }

  private int monitored() {
    return platforms.stream().mapToInt(p -> p.health().monitoredPlans()).sum();
  }

  private static void await(String what, java.util.function.BooleanSupplier condition) {
    PlatformCluster.await(what, condition);
  }
}
