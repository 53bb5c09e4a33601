package com.tradeplan.bench.path;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tradeplan.domain.plan.PlanDraft;
import com.tradeplan.gateway.AuditEntry;
import com.tradeplan.runtime.PlanView;
import com.tradeplan.runtime.Platform;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;

/**
 * The storm of {@link PathRun}: {@code n} plans of symbol {@value #SYMBOL}, five per user, entered
 * together by one tick, filled by the next; then one drop through every stop. For the entries and
 * for the exits it reports when the first and the last order reached the gateway after the tick
 * that caused them, the distribution of each order's wait, and, per IB connection (client id), how
 * many orders arrived in each second after the tick: IB's pacing made visible (each member sends at
 * most 45 messages/s on its own connection, so a storm's last exit waits for the connection that
 * holds the most of them).
 */
final class StormRun {
  static final String SYMBOL = "STORM";
  private static final Duration WAIT = Duration.ofSeconds(180);
  private static final ObjectMapper JSON = new ObjectMapper();

  private StormRun() {}

  static ObjectNode run(PathRig rig, int n) {
    List<PlanDraft> drafts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      drafts.add(PathRun.draft("storm" + i / 5, SYMBOL, "100.01", "99.00", "500.00"));
    }
    int before = rig.members.stream().mapToInt(p -> p.health().monitoredPlans()).sum();
    rig.activateAll(drafts);
    rig.awaitMonitored(before + n);
    rig.awaitMarket(SYMBOL, "100.00");
    List<String> owners = drafts.stream().map(PlanDraft::owner).distinct().toList();
    ObjectNode out = JSON.createObjectNode();
    out.put("plans", n);
    out.set("entries", wave(rig, "100.01", ":ENTRY:", n, owners));
    // the next tick fills every entry (a market order fills at the next tick of its symbol)
    int executions = rig.gateway.executionCount();
    rig.gateway.publishTick(SYMBOL, "100.02");
    PathRig.await("storm entries filled", () -> rig.gateway.executionCount() - executions >= n);
    PathRig.await("storm plans live", () -> allLive(rig.members, owners, n));
    out.set("exits", wave(rig, "98.00", ":STOP:", n, owners));
    return out;
  }

  private static boolean allLive(List<Platform> members, List<String> owners, int n) {
    int live = 0;
    for (String owner : owners) {
      for (PlanView v : members.get(0).service().openPlans(owner)) {
        if (SYMBOL.equals(v.snapshot().plan().symbol()) && v.snapshot().position() > 0) {
          live++;
        }
      }
    }
    return live >= n;
  }

  /** Writes one tick and times the {@code n} orders of {@code role} it causes at the gateway. */
  private static ObjectNode wave(
      PathRig rig, String price, String role, int n, List<String> owners) {
    int before = rig.ordersReceived();
    Instant tick = Instant.now();
    rig.gateway.publishTick(SYMBOL, price);
    List<AuditEntry> orders = new ArrayList<>();
    boolean complete =
        PathRig.within(
            WAIT,
            Duration.ofMillis(20),
            () -> {
              orders.clear();
              for (AuditEntry e : rig.ordersSince(before)) {
                if (SYMBOL.equals(e.symbol()) && e.orderRef().contains(role)) {
                  orders.add(e);
                }
              }
              return orders.size() >= n;
            });
    if (!complete) {
      throw new IllegalStateException(
          "storm tick "
              + price
              + ": "
              + orders.size()
              + " of "
              + n
              + role
              + " orders arrived; "
              + rig.describe(owners));
    }
    return summary(tick, orders);
  }

  /** The JSON of one wave: its waits and each connection's orders per second after the tick. */
  static ObjectNode summary(Instant tick, List<AuditEntry> orders) {
    Histogram waits = new Histogram(3);
    Map<Integer, int[]> perSecond = new TreeMap<>();
    long lastMs = 0;
    for (AuditEntry e : orders) {
      long us = Math.max(0, Duration.between(tick, e.receivedAt()).toNanos() / 1000);
      waits.recordValue(us);
      lastMs = Math.max(lastMs, us / 1000);
    }
    int seconds = (int) (lastMs / 1000) + 1;
    for (AuditEntry e : orders) {
      long us = Math.max(0, Duration.between(tick, e.receivedAt()).toNanos() / 1000);
      perSecond.computeIfAbsent(e.clientId(), c -> new int[seconds])[(int) (us / 1_000_000)]++;
    }
    ObjectNode n = JSON.createObjectNode();
    n.put("orders", orders.size());
    n.put("firstMs", waits.getMinValue() / 1000.0);
    n.put("lastMs", waits.getMaxValue() / 1000.0);
    n.put("waitP50Ms", waits.getValueAtPercentile(50) / 1000.0);
    n.put("waitP99Ms", waits.getValueAtPercentile(99) / 1000.0);
    ArrayNode connections = n.putArray("connections");
    for (Map.Entry<Integer, int[]> c : perSecond.entrySet()) {
      ObjectNode cn = connections.addObject();
      cn.put("clientId", c.getKey());
      int[] counts = c.getValue();
      cn.put("orders", IntStream.of(counts).sum());
      cn.put("peakPerSecond", IntStream.of(counts).max().orElse(0));
      ArrayNode a = cn.putArray("perSecond");
      IntStream.of(counts).forEach(a::add);
    }
    return n;
  }
}
