package com.tradeplan.runtime;

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
   * The paper accounts of the embedded gateway: one login serving two accounts, as an IB advisor
   * master does, so that two traders on one connection each have their own (docs/accounts.md). The
   * first is the connection's default account.
   */
  static final java.util.List<String> PAPER_ACCOUNTS = java.util.List.of("DU1234567", "DU7654321");

  private EmbeddedGateway() {}

  static PaperGateway start(PlatformConfig config) {
    GatewayConfig g = new GatewayConfig();
    g.port = config.gatewayPort();
    g.accounts = new java.util.ArrayList<>(PAPER_ACCOUNTS);
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
