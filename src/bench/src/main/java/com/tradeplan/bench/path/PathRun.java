package com.tradeplan.bench.path;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tradeplan.domain.plan.PlanDraft;
import com.tradeplan.gateway.AuditEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Issue 16, point 3, as a load run (not a JMH benchmark: the path crosses sockets, a store and a
 * cluster, and one sample is a whole round trip): {@code PathRun OUT.json PLANS[,PLANS..] PROBES
 * STORM_PLANS}. For each population size, a fresh {@link PathRig} is filled with that many
 * monitored plans (five per user, 90 symbols, entries far above the market), then:
 *
 * <ul>
 *   <li><b>probes</b>: one tick at a time, written by the paper gateway, that crosses exactly one
 *       probe plan's entry; the sample is the time from just before the gateway writes the tick to
 *       the gateway's own receive stamp of that entry order (market data over loopback, the reader,
 *       the lanes, the rules, the store's intent write, the replication to the backup member, the
 *       risk gate, IB's pacer, the socket), and the members' own timings of its stages over the
 *       same probes ({@link StageMeters}). Between probes a quiet tick on another symbol; probes
 *       start at least {@link #PROBE_SPACING} apart. The first quarter of the probes run on another
 *       symbol first, as warm-up, and are not recorded;
 *   <li><b>storm</b> (at the last population size): {@code STORM_PLANS} plans of one symbol, five
 *       per user, all entered by one tick, filled by the next, then one drop through every stop:
 *       the time until every exit is at the gateway, each connection's orders per second, and how
 *       long each exit waited after the drop (almost all of it in IB's pacer: 45 messages/s per
 *       connection).
 * </ul>
 *
 * A probe whose order does not arrive within 10 s, or a storm that does not bring every exit, ends
 * the run with status 1: a missing order is not a fast path. Writes one JSON file, read by {@code
 * report.PathReport}.
 */
public final class PathRun {
  /** Symbols of the population: with the storm's, under the 100 market-data lines IB grants. */
  private static final int SYMBOLS = 90;

  private static final Duration PROBE_WAIT = Duration.ofSeconds(10);

  /**
   * The least time from one probe's tick to the next: at most 20 probes a second, with the shadow
   * what-if checks of the filled probes' exits (5 a second) under half of IB's pacing (45 messages
   * a second a connection), so that a probe's order finds a pacing token and the sample measures
   * the path. Back to back, the probes alone filled the pacer and every sample included a wait of
   * up to a token's 22 ms behind it (the storm measures that wait).
   */
  static final Duration PROBE_SPACING = Duration.ofMillis(50);

  private static final ObjectMapper JSON = new ObjectMapper();

  private PathRun() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: PathRun OUT.json PLANS[,PLANS..] PROBES STORM_PLANS");
      System.exit(2);
    }
    Path out = Path.of(args[0]);
    int probes = Integer.parseInt(args[2]);
    int stormPlans = Integer.parseInt(args[3]);
    String[] sizes = args[1].split(",");
    ObjectNode result = JSON.createObjectNode();
    result.put("probes", probes);
    ArrayNode runs = result.putArray("runs");
    for (int s = 0; s < sizes.length; s++) {
      int plans = Integer.parseInt(sizes[s].trim());
      Path dir = Files.createTempDirectory("path-bench");
      try (PathRig rig = new PathRig(dir, System.getenv(PathRig.REAL_STORE))) {
        runs.add(population(rig, plans, probes));
        JSON.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), result);
        if (s == sizes.length - 1 && stormPlans > 0) {
          result.set("storm", StormRun.run(rig, stormPlans));
        }
      }
      JSON.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), result);
    }
    System.out.println("tradeplan: path results in " + out);
    System.exit(0);
  }

  private static ObjectNode population(PathRig rig, int plans, int probes) {
    long start = System.nanoTime();
    List<PlanDraft> drafts = new ArrayList<>();
    for (int i = 0; i < plans; i++) {
      // far above any price the run writes: monitored, never woken by the probes' ticks
      String entry = String.format(Locale.ROOT, "%d.%02d", 400 + i % 100, i % 97);
      drafts.add(draft("u" + i / 5, symbol(i % SYMBOLS), entry, "50.00", "900.00"));
    }
    int warmUp = Math.max(10, probes / 4);
    for (int i = 0; i < warmUp + probes; i++) {
      drafts.add(draft("probe" + i, i < warmUp ? symbol(1) : symbol(0), probePrice(i % probes)));
    }
    rig.activateAll(drafts);
    rig.awaitMonitored(drafts.size());
    double activationSeconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        Locale.ROOT, "%,d plans activated in %.1f s%n", drafts.size(), activationSeconds);
    for (int i = 0; i < SYMBOLS; i++) {
      rig.gateway.publishTick(symbol(i), "100.00");
    }
    rig.awaitMarket(symbol(0), "100.00");
    rig.awaitMarket(symbol(1), "100.00");
    probe(rig, symbol(1), warmUp, new Histogram(3));
    Histogram h = new Histogram(3);
    rig.meters.reset();
    probe(rig, symbol(0), probes, h);
    ObjectNode stages = rig.meters.take();
    ObjectNode n = JSON.createObjectNode();
    n.put("plans", plans);
    n.put("store", rig.storeName());
    n.put("activationSeconds", Math.round(activationSeconds * 10) / 10.0);
    putPercentiles(n, h);
    n.set("stages", stages);
    System.out.printf(
        Locale.ROOT,
        "%,d plans: tick to order at the gateway p50 %d µs, p99 %d µs, p99.9 %d µs%n",
        plans,
        h.getValueAtPercentile(50),
        h.getValueAtPercentile(99),
        h.getValueAtPercentile(99.9));
    return n;
  }

  /** Runs {@code count} probe ticks on {@code symbol}, each timed tick to order at the gateway. */
  private static void probe(PathRig rig, String symbol, int count, Histogram into) {
    SplittableRandom random = new SplittableRandom(16);
    long next = System.nanoTime();
    for (int i = 0; i < count; i++) {
      LockSupport.parkNanos(next - System.nanoTime());
      next = System.nanoTime() + PROBE_SPACING.toNanos();
      int before = rig.ordersReceived();
      Instant sent = Instant.now();
      rig.gateway.publishTick(symbol, probePrice(i));
      AuditEntry[] found = new AuditEntry[1];
      boolean arrived =
          PathRig.within(
              PROBE_WAIT,
              Duration.ofNanos(50_000),
              () -> {
                if (rig.ordersReceived() == before) {
                  return false;
                }
                for (AuditEntry e : rig.ordersSince(before)) {
                  if (symbol.equals(e.symbol()) && e.orderRef().contains(":ENTRY:")) {
                    found[0] = e;
                    return true;
                  }
                }
                return false;
              });
      if (!arrived) {
        throw new IllegalStateException(
            "probe "
                + i
                + " on "
                + symbol
                + ": no entry order; "
                + rig.describe(List.of("probe0")));
      }
      into.recordValue(Math.max(0, Duration.between(sent, found[0].receivedAt()).toNanos() / 1000));
      // a quiet tick elsewhere, as a market has
      String quiet = String.format(Locale.ROOT, "100.%02d", random.nextInt(100));
      rig.gateway.publishTick(symbol(2 + random.nextInt(SYMBOLS - 2)), quiet);
    }
  }

  static void putPercentiles(ObjectNode n, Histogram h) {
    n.put("samples", h.getTotalCount());
    n.put("minUs", h.getMinValue());
    n.put("p50Us", h.getValueAtPercentile(50));
    n.put("p90Us", h.getValueAtPercentile(90));
    n.put("p99Us", h.getValueAtPercentile(99));
    n.put("p999Us", h.getValueAtPercentile(99.9));
    n.put("maxUs", h.getMaxValue());
  }

  /** The i-th probe's entry level: one cent above the one before, from 100.01. */
  static String probePrice(int i) {
    int cents = 10_001 + i;
    return String.format(Locale.ROOT, "%d.%02d", cents / 100, cents % 100);
  }

  static String symbol(int i) {
    return String.format(Locale.ROOT, "S%02d", i);
  }

  /** A probe: LONG above {@code entry}, a stop and a target no probe tick reaches. */
  private static PlanDraft draft(String owner, String symbol, String entry) {
    return draft(owner, symbol, entry, "90.00", "300.00");
  }

  static PlanDraft draft(String owner, String symbol, String entry, String stop, String target) {
    return new PlanDraft(
        null,
        owner,
        symbol,
        null,
        null,
        null,
        "LONG",
        "10",
        new PlanDraft.EntryDraft("ABOVE", entry, null, null),
        List.of(new PlanDraft.StopDraft(stop, null)),
        List.of(new PlanDraft.TargetDraft(target, null)),
        null,
        List.of());
  }
}
