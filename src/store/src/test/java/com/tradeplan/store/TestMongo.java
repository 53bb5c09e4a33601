package com.tradeplan.store;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One embedded server (H2 file in a temporary directory, free loopback port) and a real driver
 * client talking to it over TCP, for one test class: {@code @RegisterExtension static final
 * TestMongo mongo = new TestMongo();} starts it before the class's first test and stops it (and
 * deletes its file) after the last. Each test takes a fresh database.
 */
final class TestMongo implements BeforeAllCallback, AfterAllCallback {
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private Path dir;
  EmbeddedMongo server;
  MongoClient client;

  static MongoConfig config(Path dir) {
    return new MongoConfig(null, "test", MongoConfig.Durability.W1, dir, Duration.ofSeconds(2));
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    dir = Files.createTempDirectory("tradeplan-store-test");
    server = EmbeddedMongo.start(dir.resolve("test.mv.db"));
    client = config(dir).client(server.connectionString());
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    try {
      client.close();
      server.close();
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(TestMongo::delete);
      }
    }
  }

  private static void delete(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  MongoDatabase freshDatabase() {
    return client.getDatabase("db" + DATABASES.incrementAndGet());
  }

  /** A connection (sharing this client) to {@code db}, for the classes opened on one. */
  MongoConfig.MongoConnection connectionTo(MongoDatabase db) {
    return new MongoConfig.MongoConnection(client, db.getName(), null);
  }

  TradeStore freshStore() {
    return TradeStore.open(freshDatabase());
  }
}
