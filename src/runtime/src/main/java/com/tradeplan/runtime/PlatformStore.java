package com.tradeplan.runtime;

import com.tradeplan.store.EmbeddedMongo;
import com.tradeplan.store.MongoConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

/**
 * The store one platform connects to (docs/persistence.md): the one {@code MONGODB_URI} names; or,
 * with {@link PlatformConfig#EMBEDDED_MONGO_PORT} set and no URI, the embedded store this process
 * serves on that fixed port to the other members of a local cluster; else the embedded store {@link
 * MongoConfig} starts for this process alone.
 *
 * <p>{@link #open} throws when the store cannot be reached or the port is taken, having closed
 * whatever it started. Closing closes the connection, then the shared store.
 */
final class PlatformStore implements AutoCloseable {
  private final MongoConfig.MongoConnection connection;

  /** The embedded store this process serves on a fixed port to other members, or null. */
  private final EmbeddedMongo shared;

  private PlatformStore(MongoConfig.MongoConnection connection, EmbeddedMongo shared) {
    this.connection = connection;
    this.shared = shared;
  }

  static PlatformStore open(PlatformConfig config) {
    EmbeddedMongo shared = null;
    try {
      Map<String, String> storeEnv = new HashMap<>(config.storeEnvironment());
      String fixedPort = storeEnv.remove(PlatformConfig.EMBEDDED_MONGO_PORT);
      if (fixedPort != null && !storeEnv.containsKey("MONGODB_URI")) {
        Files.createDirectories(config.dataDir());
        shared =
            EmbeddedMongo.start(
                config.dataDir().resolve(EmbeddedMongo.DEFAULT_FILE.getFileName()),
                Integer.parseInt(fixedPort.trim()));
        storeEnv.put("MONGODB_URI", shared.connectionString());
      }
      return new PlatformStore(MongoConfig.fromEnvironment(storeEnv).connect(), shared);
    } catch (RuntimeException | Error e) {
      if (shared != null) {
        shared.close();
      }
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether the store answers a ping now (the health's "store up"); never throws. */
  static boolean reachable(MongoConfig.MongoConnection connection) {
    try {
      connection.ping();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  MongoConfig.MongoConnection connection() {
    return connection;
  }

  @Override
  public void close() {
    connection.close();
    if (shared != null) {
      shared.close();
    }
  }
}
