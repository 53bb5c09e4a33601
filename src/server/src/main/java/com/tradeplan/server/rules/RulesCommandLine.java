package com.tradeplan.server.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What was typed after {@code ./tradeplan rules}, read ({@link #parse}): the command, its operands
 * and its options, or the usage error naming the argument that is wrong; and the {@link #USAGE}
 * printed with every usage error. Pure: no I/O, never throws on any input.
 */
final class RulesCommandLine {
  static final String USAGE =
      String.join(
          "\n",
          "usage: ./tradeplan rules <command> [--server URL]",
          "  list                       versions (newest first), the deployed one (*), the"
              + " canary (c), tests, pins",
          "  show N                     the rule files of version N",
          "  validate DIR [--message TEXT]",
          "                             compiler and policy problems of DIR's .drl files,"
              + " as FILE:LINE:COLUMN",
          "  test DIR [--message TEXT]  the scenario gate on DIR's .drl files",
          "                             (DIR/scenarios/*.json and DIR/reference/plans.json +"
              + " ticks.csv[.gz] are attached to the version by validate, test and deploy)",
          "  deploy DIR [--override-reason TEXT] [--message TEXT] [--reason TEXT]"
              + " [--canary USER,USER]",
          "                             upload, validate, test, deploy cluster-wide (or to"
              + " the canary's users only); each member's answer",
          "  promote [--override-reason TEXT] [--reason TEXT]",
          "                             deploy the canary's version to everyone",
          "  abort [--reason TEXT]      end the canary: its users' new plans take the deployed"
              + " version",
          "  rollback N [--override-reason TEXT] [--reason TEXT]",
          "                             deploy the earlier version N again",
          "  diff N M                   the files that differ from version N to M (unified diff)",
          "  Credentials: TRADEPLAN_TOKEN, or TRADEPLAN_USER and TRADEPLAN_PASSWORD"
              + " (role STRATEGY_ADMIN).");

  /** The commands whose operand is a folder of rule files. */
  static final Set<String> ON_A_FOLDER = Set.of("validate", "test", "deploy");

  private RulesCommandLine() {}

  /** One command as typed: its name, its operands and its options. */
  record Command(
      String name,
      List<String> operands,
      String server,
      String overrideReason,
      String message,
      String reason,
      List<String> canary) {

    /** The version number at operand {@code index} (checked by {@link RulesCommandLine#parse}). */
    int number(int index) {
      return Integer.parseInt(operands.get(index));
    }
  }

  /** A command, or the usage error that keeps it from being one. */
  record Parsed(Command command, String usageError) {}

  /** The command in {@code args}, or a usage error naming the argument that is wrong. */
  static Parsed parse(String[] args) {
    if (args.length == 0) {
      return new Parsed(null, "rules needs a command");
    }
    String name = args[0];
    int operandsWanted =
        switch (name) {
          case "list", "promote", "abort" -> 0;
          case "show", "validate", "test", "deploy", "rollback" -> 1;
          case "diff" -> 2;
          default -> -1;
        };
    if (operandsWanted < 0) {
      return new Parsed(null, "unknown rules command '" + name + "'");
    }
    List<String> operands = new ArrayList<>();
    String server = null;
    String override = null;
    String message = null;
    String reason = null;
    List<String> canary = null;
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        operands.add(a);
        continue;
      }
      if (!Set.of("--server", "--override-reason", "--message", "--reason", "--canary")
          .contains(a)) {
        return new Parsed(null, "unknown option " + a);
      }
      if (i + 1 >= args.length || args[i + 1].isBlank()) {
        return new Parsed(null, a + " needs a value");
      }
      String value = args[++i];
      if (a.equals("--override-reason")
          && !Set.of("deploy", "rollback", "promote").contains(name)) {
        return new Parsed(
            null, "--override-reason is for deploy, rollback and promote, not " + name);
      }
      if (a.equals("--reason")
          && !Set.of("deploy", "rollback", "promote", "abort").contains(name)) {
        return new Parsed(null, "--reason is for deploy, rollback, promote and abort, not " + name);
      }
      if (a.equals("--canary") && !name.equals("deploy")) {
        return new Parsed(null, "--canary is for deploy, not " + name);
      }
      if (a.equals("--message") && !ON_A_FOLDER.contains(name)) {
        return new Parsed(null, "--message is for validate, test and deploy, not " + name);
      }
      switch (a) {
        case "--server" -> server = value;
        case "--override-reason" -> override = value;
        case "--reason" -> reason = value;
        case "--canary" -> {
          canary = new ArrayList<>();
          for (String u : value.split(",", -1)) {
            if (u.isBlank()) {
              return new Parsed(null, "--canary " + value + ": an empty user name");
            }
            canary.add(u.strip());
          }
        }
        default -> message = value;
      }
    }
    if (operands.size() != operandsWanted) {
      return new Parsed(null, operandError(name, operands, operandsWanted));
    }
    if (!ON_A_FOLDER.contains(name)) {
      for (String o : operands) {
        if (!o.matches("[1-9][0-9]{0,8}")) {
          return new Parsed(null, "rules " + name + ": '" + o + "' is not a version number");
        }
      }
    }
    return new Parsed(
        new Command(
            name,
            List.copyOf(operands),
            server,
            override,
            message,
            reason,
            canary == null ? null : List.copyOf(canary)),
        null);
  }

  private static String operandError(String name, List<String> operands, int wanted) {
    if (operands.size() > wanted) {
      return "rules " + name + ": unexpected argument '" + operands.get(wanted) + "'";
    }
    String what =
        switch (name) {
          case "show", "rollback" -> "a version number";
          case "diff" -> "two version numbers";
          default -> "a folder of .drl files";
        };
    return "rules " + name + " needs " + what;
  }
}
