package com.tradeplan.bench;

import com.tradeplan.bench.peers.TrialRecord;
import com.tradeplan.engine.RuleSet;
import com.tradeplan.engine.RuleSources;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The heap one more loaded rule-set version costs (docs/benchmarks.md, "Rule-set versions"): loads
 * version 1 (the shipped kjar) and then versions 2..N (the shipped rules with a comment added: each
 * its own kjar, KieContainer and KieBase, as {@code RuleVersions} loads them), and prints the heap
 * in use after a full collection after each, and, when the system property {@code
 * tradeplan.bench.results} names a run's folder ({@code ./tradeplan bench rulesets}), records each
 * step in its {@code trials.jsonl} (workload {@code versionHeap}). Run: {@code java -cp ...
 * com.tradeplan.bench.VersionHeap 8}.
 */
public final class VersionHeap {
  private VersionHeap() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    System.out.println("rule-set versions loaded vs heap in use after GC, " + Instant.now());
    long base = usedAfterGc();
    System.out.printf("%-9s %12s %12s%n", "versions", "heap MiB", "delta MiB");
    System.out.printf("%-9d %12.1f %12s%n", 0, mib(base), "-");
    record(0, base, null);
    List<RuleSet> loaded = new ArrayList<>();
    RuleSet shipped = RuleSet.fromClasspath();
    loaded.add(shipped);
    long before = usedAfterGc();
    System.out.printf("%-9d %12.1f %12.1f%n", 1, mib(before), mib(before - base));
    record(1, before, before - base);
    RuleSources sources = shipped.classpathSources();
    for (int v = 2; v <= n; v++) {
      Map<String, String> files = new TreeMap<>(sources.files());
      String first = files.keySet().iterator().next();
      files.put(first, "// version " + v + "\n" + files.get(first));
      loaded.add(RuleSet.fromSources(v, RuleSources.of(files)));
      long now = usedAfterGc();
      System.out.printf("%-9d %12.1f %12.1f%n", v, mib(now), mib(now - before));
      record(v, now, now - before);
      before = now;
    }
    System.out.println("held: " + loaded.size() + " versions");
  }

  private static void record(int versions, long heapBytes, Long addedBytes) {
    new TrialRecord("versionHeap", 0)
        .put("versions", versions)
        .put("heapBytes", heapBytes)
        .put("addedBytes", addedBytes)
        .put("collector", collector())
        .write();
  }

  private static String collector() {
    List<String> names = new ArrayList<>();
    for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      names.add(gc.getName());
    }
    return String.join(", ", names);
  }

  private static long usedAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static double mib(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }
}
