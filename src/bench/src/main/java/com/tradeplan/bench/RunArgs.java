package com.tradeplan.bench;

/** The {@code --name value} arguments of a load run's {@code main}; absent: the default. */
final class RunArgs {
  private RunArgs() {}

  static int intArg(String[] args, String name, int dflt) {
    String v = textArg(args, name, null);
    return v == null ? dflt : Integer.parseInt(v);
  }

  static String textArg(String[] args, String name, String dflt) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return dflt;
  }
}
