package com.tradeplan.testkit.process;

/** A child of {@link JavaProcessTest} that prints what it was given, then exits. */
public final class PrintEnvMain {
  private PrintEnvMain() {}

  public static void main(String[] args) {
    System.err.println("ERR on stderr");
    System.err.flush();
    System.out.println("ARGS " + String.join(" ", args));
    System.out.println("ENV " + System.getenv("TESTKIT_VALUE") + " " + System.getenv("HOME"));
  }
}
