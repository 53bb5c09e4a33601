package com.tradeplan.server;

import com.tradeplan.simulator.SimulatorCli;
import com.tradeplan.simulator.scenario.ScenarioCli;
import java.util.Arrays;

/**
 * The one entry point of the platform jar; {@code ./tradeplan} calls it. Each command runs without
 * starting what it does not need (the simulator starts no server, no store, no cluster).
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    if (args.length == 0) {
      System.err.println("usage: tradeplan <simulate|scenarios> [options]");
      System.exit(2);
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "simulate" -> System.exit(SimulatorCli.run(rest, System.out, System.err));
      case "scenarios" -> System.exit(ScenarioCli.run(rest, System.out, System.err));
      default -> {
        System.err.println("tradeplan: unknown command " + args[0]);
        System.exit(2);
      }
    }
  }
}
