package com.tradeplan.server;

import com.tradeplan.server.analysis.ReplayCli;
import com.tradeplan.server.backup.BackupCli;
import com.tradeplan.server.killswitch.KillSwitchCli;
import com.tradeplan.server.rules.RulesCli;
import com.tradeplan.simulator.SimulatorCli;
import com.tradeplan.simulator.scenario.ScenarioCli;
import java.time.Clock;
import java.util.Arrays;

/**
 * The one entry point of the platform jar; {@code ./tradeplan} calls it. Each command runs without
 * starting what it does not need: {@code simulate} and {@code scenarios} start no server, no store,
 * no cluster ({@code backup} and {@code restore} open only the store); {@code up} and {@code serve}
 * start the Spring Boot server ({@link ServerApplication}) with the platform inside.
 */
public final class Main {
  private static final String CLI_LOGGING_PROPERTY = "logback.configurationFile";
  private static final String CLI_LOGGING = "logback-cli.xml";

  private Main() {}

  private static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.toString();
  }

  public static void main(String[] args) {
    if (args.length == 0) {
      System.err.println(
          "usage: tradeplan <up|serve|simulate|scenarios|kill-switch|rules|backup|restore>"
              + " [options]");
      System.exit(2);
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    if (!"up".equals(args[0])
        && !"serve".equals(args[0])
        && System.getProperty(CLI_LOGGING_PROPERTY) == null) {
      // before the first logger: the CLI's quiet configuration (the server's is Spring Boot's),
      // unless the caller named one (-Dlogback.configurationFile in TRADEPLAN_JAVA_OPTS)
      System.setProperty(CLI_LOGGING_PROPERTY, CLI_LOGGING);
    }
    switch (args[0]) {
      case "up", "serve" -> {
        try {
          ServerApplication.run(rest);
        } catch (RuntimeException e) {
          // Spring has closed what it started; say why in one line and fail
          System.err.println("tradeplan: the server did not start: " + rootCause(e));
          System.exit(1);
        }
      }
      case "simulate" ->
          System.exit(
              rest.length > 0 && rest[0].equals("replay")
                  ? ReplayCli.run(Arrays.copyOfRange(rest, 1, rest.length), System.out, System.err)
                  : SimulatorCli.run(rest, System.out, System.err));
      case "scenarios" -> System.exit(ScenarioCli.run(rest, System.out, System.err));
      case "kill-switch" ->
          System.exit(KillSwitchCli.run(rest, System.getenv(), System.out, System.err));
      case "rules" -> System.exit(RulesCli.run(rest, System.getenv(), System.out, System.err));
      case "backup", "restore" ->
          System.exit(
              BackupCli.run(
                  args[0], rest, System.getenv(), Clock.systemUTC(), System.out, System.err));
      default -> {
        System.err.println("tradeplan: unknown command " + args[0]);
        System.exit(2);
      }
    }
  }
}
