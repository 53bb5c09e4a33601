package com.tradeplan.runtime;

import com.tradeplan.domain.config.EnvironmentVariables;
import com.tradeplan.gateway.GatewayConfig;
import com.tradeplan.gateway.GatewayOptions;
import com.tradeplan.gateway.PaperGateway;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The paper IB gateway a platform starts for itself when no {@code IB_HOST} is configured (the
 * embedded default): on 127.0.0.1 at the configured port, replaying the configured tick file or the
 * bundled generated demo file (copied into the data directory). Called once, by the thread that
 * starts the platform; a port already taken or an unreadable tick file throws, and the platform
 * does not start.
 */
final class EmbeddedGateway {
  /** The bundled, generated demo tick file (see {@link DemoTicks}). */
  static final String DEMO_TICKS_RESOURCE = "/com/tradeplan/runtime/demo-ticks.csv";

  /**
   * The paper accounts of the embedded gateway unless {@code TRADEPLAN_GATEWAY_ACCOUNTS} names
   * others: one login serving two accounts, as an IB advisor master does, so that two traders on
   * one connection each have their own (docs/accounts.md). The first is the connection's default
   * account.
   */
  static final java.util.List<String> PAPER_ACCOUNTS = java.util.List.of("DU1234567", "DU7654321");

  /**
   * The most accounts it serves: a bound on what its login names in managedAccounts, far above a
   * demo's or a test's needs.
   */
  static final int ACCOUNTS_MAX = 32;

  private EmbeddedGateway() {}

  /**
   * Its accounts: {@code TRADEPLAN_GATEWAY_ACCOUNTS}, account codes separated by commas, each named
   * once (unset: {@link #PAPER_ACCOUNTS}); anything else stops the start naming the variable.
   */
  static java.util.List<String> accounts(EnvironmentVariables env) {
    String text = env.optionalText("TRADEPLAN_GATEWAY_ACCOUNTS");
    if (text == null) {
      return PAPER_ACCOUNTS;
    }
    java.util.List<String> accounts = new java.util.ArrayList<>();
    for (String part : text.split(",", -1)) {
      String account = part.trim();
      if (!UserAccounts.ACCOUNT.matcher(account).matches() || accounts.contains(account)) {
        throw new IllegalArgumentException(
            "TRADEPLAN_GATEWAY_ACCOUNTS: '"
                + account
                + "' is not an account code (1 to 32 letters or digits) named once");
      }
      accounts.add(account);
    }
    return accounts;
  }

  static PaperGateway start(PlatformConfig config) {
    GatewayConfig g = new GatewayConfig();
    g.port = config.gatewayPort();
    g.accounts = new java.util.ArrayList<>(config.gatewayAccounts());
    g.speed = config.gatewaySpeed();
    g.ticksFile = config.gatewayTicksFile() != null ? config.gatewayTicksFile() : demoTicks(config);
    String problem = GatewayOptions.applyEnvironment(g, config.paperGatewayEnvironment());
    if (problem != null) {
      throw new IllegalArgumentException("the embedded paper gateway: " + problem);
    }
    try {
      return new PaperGateway(g).start();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "paper gateway cannot listen on 127.0.0.1:" + config.gatewayPort(), e);
    }
  }

  private static Path demoTicks(PlatformConfig config) {
    try (InputStream in = EmbeddedGateway.class.getResourceAsStream(DEMO_TICKS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("bundled demo ticks missing: " + DEMO_TICKS_RESOURCE);
      }
      Files.createDirectories(config.dataDir());
      Path file = config.dataDir().resolve("demo-ticks.csv");
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
