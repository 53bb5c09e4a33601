package com.tradeplan.bench.peers;

import com.tradeplan.bench.peers.esper.EsperWakeIndex;
import com.tradeplan.bench.peers.plain.LevelIndex;
import com.tradeplan.bench.peers.plain.PlainMonitor;
import com.tradeplan.engine.RuleSet;

/** The implementations measured side by side, by the names the reports use. */
public enum Implementation {
  /** Plain Java objects and a sorted level index, no rules engine: the baseline of every ratio. */
  HAND_CODED("hand-coded Java"),
  /** The platform: Drools sessions per user behind the level gate. */
  ENGINE("Tradeplan engine"),
  /** The same rules and sessions without the gate: every tick to every session of its symbol. */
  DROOLS_UNGATED("Drools, no gate"),
  /** Esper 8.9 tables and EPL for the wake-ups, the plain-Java lifecycle for the decisions. */
  ESPER("Esper");

  private final String label;

  Implementation(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** A new, empty implementation that trades with {@code market}. */
  public PlanMonitor create(NextTickMarket market) {
    return switch (this) {
      case HAND_CODED -> new PlainMonitor(market, new LevelIndex());
      case ENGINE -> new EngineMonitor(Rules.LOADED, market, true);
      case DROOLS_UNGATED -> new EngineMonitor(Rules.LOADED, market, false);
      case ESPER -> new PlainMonitor(market, new EsperWakeIndex());
    };
  }

  /** The packaged rules, compiled once per JVM on first use (seconds), shared by every session. */
  private static final class Rules {
    static final RuleSet LOADED = RuleSet.fromClasspath();
  }
}
