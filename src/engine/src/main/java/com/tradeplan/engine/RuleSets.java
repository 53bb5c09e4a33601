package com.tradeplan.engine;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

/**
 * The rule-set versions this process has loaded, by number: what a plan's pin ({@link
 * com.tradeplan.domain.state.PlanSnapshot#ruleSetVersion}) is resolved against when its session is
 * made. Thread-safe: the runtime loads versions from its own threads (a deploy, a start), the lanes
 * read them.
 *
 * <p>Two kinds. {@link #single} runs every plan, pinned or not, on one rule set (the simulator, the
 * scenarios, a draft under test). {@link #versioned} resolves each pin to its version: an unpinned
 * plan runs on version 1 (the shipped kjar); a version not loaded yet is loaded through the
 * runtime's loader on the calling lane thread (it reads the stored sources and compiles: seconds,
 * so the runtime loads every version a member may need before it is used, and this is the
 * fallback). A loader that throws makes the plan's addition fail like any broken invariant.
 *
 * <p>Bounded: at most {@link #LOADED_MAX} versions; past it a load is refused (unload versions no
 * plan pins any more).
 */
public final class RuleSets {
  /** Bound on the versions loaded at once (each holds a KieBase: see docs/rules.md, "Memory"). */
  public static final int LOADED_MAX = 32;

  private final RuleSet only;
  private final IntFunction<RuleSet> loader;
  private final Map<Integer, RuleSet> loaded = new ConcurrentHashMap<>();

  private RuleSets(RuleSet only, IntFunction<RuleSet> loader) {
    this.only = only;
    this.loader = loader;
  }

  /** Every plan runs on {@code rules}, whatever its pin. */
  public static RuleSets single(RuleSet rules) {
    return new RuleSets(rules, null);
  }

  /**
   * Pins resolve to their versions: {@code version1} (the shipped kjar; a test may give the rules
   * folder) for version 1 and unpinned plans, {@code loader} for a version not loaded yet (it
   * returns the compiled version or throws).
   */
  public static RuleSets versioned(RuleSet version1, IntFunction<RuleSet> loader) {
    RuleSets sets = new RuleSets(null, loader);
    sets.loaded.put(1, version1);
    return sets;
  }

  /** The rule set a plan pinned to {@code pin} runs on (null: unpinned). */
  public RuleSet forPin(Integer pin) {
    if (only != null) {
      return only;
    }
    int n = pin == null ? 1 : pin;
    RuleSet r = loaded.get(n);
    return r != null ? r : add(loader.apply(n));
  }

  /** Whether pins resolve to their versions (false: one rule set for every plan). */
  public boolean isVersioned() {
    return only == null;
  }

  /** Adds a compiled version (a deploy, a start); the one already loaded under its number wins. */
  public RuleSet add(RuleSet rules) {
    if (only != null) {
      throw new IllegalStateException("a single rule set takes no versions");
    }
    Integer n = rules.number();
    if (n == null) {
      throw new IllegalArgumentException("a draft folder is not a version: " + rules.version());
    }
    if (!loaded.containsKey(n) && loaded.size() >= LOADED_MAX) {
      throw new IllegalStateException(
          "rule-set version "
              + n
              + " not loaded: "
              + LOADED_MAX
              + " versions are loaded (RuleSets.LOADED_MAX)");
    }
    RuleSet before = loaded.putIfAbsent(n, rules);
    return before != null ? before : rules;
  }

  /** The version loaded under {@code number}, or null. */
  public RuleSet loaded(int number) {
    return only != null ? null : loaded.get(number);
  }

  /** The numbers of the versions loaded, ascending. */
  public Set<Integer> loadedNumbers() {
    return new TreeSet<>(loaded.keySet());
  }

  /**
   * Forgets version {@code number} (no plan here pins it): sessions already made from it keep
   * working; a later pin loads it again. Version 1 stays.
   */
  public void unload(int number) {
    if (number != 1) {
      RuleSet r = loaded.remove(number);
      if (r != null) {
        r.release();
      }
    }
  }
}
