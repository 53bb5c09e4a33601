/**
 * The storm replay (issue 20, point 2): a seeded market-data storm whose exits do not depend on how
 * a lane batches ticks ({@link com.tradeplan.simulator.storm.StormScenario}), and its replay
 * through the production lanes with a recording broker ({@link
 * com.tradeplan.simulator.storm.LaneReplay}), and the simulator's market for it ({@link
 * com.tradeplan.simulator.storm.StormMarket}: exits left working on both sides), so that a test can
 * compare the lanes' exits with the simulator's and the benchmark can time them. Never talks to a
 * real broker, store or cluster, and holds no lifecycle decision: the exits come from the rules.
 */
package com.tradeplan.simulator.storm;
