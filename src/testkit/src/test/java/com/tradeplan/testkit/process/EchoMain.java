package com.tradeplan.testkit.process;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;

/**
 * The child of {@link JavaProcessTest}: listens on a free loopback port, prints {@code READY
 * <port>} and a line on stderr, then answers every stdin line {@code x} with {@code ECHO x}; {@code
 * exit N} exits with status N. The end of stdin does not end it: {@code Process.destroy} closes the
 * pipe right after its SIGTERM, and a main that returned on that end raced the signal's exit status
 * (143) with a normal exit (0). Only a signal or {@code exit N} ends it.
 */
public final class EchoMain {
  private EchoMain() {}

  public static void main(String[] args) throws Exception {
    try (ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      System.err.println("echo: a line on stderr");
      System.out.println("READY " + server.getLocalPort());
      System.out.flush();
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line; (line = in.readLine()) != null; ) {
        if (line.startsWith("exit ")) {
          System.exit(Integer.parseInt(line.substring(5)));
        }
        System.out.println("ECHO " + line);
        System.out.flush();
      }
      Thread.currentThread().join(); // until a signal ends the JVM
    }
  }
}
