package com.tradeplan.store;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One embedded server (H2 file under a test's temp directory, free loopback port) and a real driver
 * client talking to it over TCP. One per test class; each test takes a fresh database.
 */
final class TestMongo implements AutoCloseable {
  private static final AtomicInteger DATABASES = new AtomicInteger();

  final EmbeddedMongo server;
  final MongoClient client;

  private TestMongo(EmbeddedMongo server, MongoClient client) {
    this.server = server;
    this.client = client;
  }

  static MongoConfig config(Path dir) {
    return new MongoConfig(null, "test", MongoConfig.Durability.W1, dir, Duration.ofSeconds(2));
  }

  static TestMongo start(Path dir) {
    EmbeddedMongo server = EmbeddedMongo.start(dir.resolve("test.mv.db"));
    return new TestMongo(server, config(dir).client(server.connectionString()));
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

  @Override
  public void close() {
    client.close();
    server.close();
  }
}
