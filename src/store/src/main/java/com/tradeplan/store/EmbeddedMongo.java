package com.tradeplan.store;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.netty.channel.Channel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded MongoDB-compatible server of the default setup: mongo-java-server with its H2
 * MVStore file backend, listening on loopback only. The application talks to it through the real
 * MongoDB driver over TCP, exactly as to a real MongoDB.
 *
 * <p>Durability: H2's MVStore commits in the background about once a second by default, so an
 * acknowledged write could be lost by a {@code kill -9} of the process that embeds it. This server
 * commits the store after every write command before answering, so an acknowledged write is in the
 * file (in the OS page cache: it survives the process dying; an operating system crash or power
 * loss can still lose the last writes, which is what a real replica set with {@code j:true} is
 * for).
 */
public final class EmbeddedMongo implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMongo.class);

  /** The default file, relative to the working directory. */
  public static final Path DEFAULT_FILE = Path.of("data", "tradeplan.mv.db");

  /** Commands after which the store is committed to its file before the reply is sent. */
  private static final Set<String> WRITE_COMMANDS =
      Set.of(
          "insert",
          "update",
          "delete",
          "findandmodify",
          "createindexes",
          "dropindexes",
          "drop",
          "dropdatabase",
          "create",
          "renamecollection");

  private final Path file;
  private final MongoServer server;
  private final InetSocketAddress address;

  private EmbeddedMongo(Path file, MongoServer server, InetSocketAddress address) {
    this.file = file;
    this.server = server;
    this.address = address;
  }

  /** Starts on a free loopback port with its data in {@code file} (created with its parents). */
  public static EmbeddedMongo start(Path file) {
    return start(file, 0);
  }

  /**
   * Starts on {@code port} (0: a free one) with its data in {@code file}. A fixed port lets a
   * restarted server be found at the same address by clients that are still open.
   */
  public static EmbeddedMongo start(Path file, int port) {
    Objects.requireNonNull(file, "file");
    Path absolute = file.toAbsolutePath();
    try {
      if (absolute.getParent() != null) {
        Files.createDirectories(absolute.getParent());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the directory of " + absolute, e);
    }
    CommittingH2Backend backend = new CommittingH2Backend(absolute.toString());
    MongoServer server = new MongoServer(backend);
    try {
      server.bind("127.0.0.1", port);
    } catch (RuntimeException e) {
      backend.close();
      throw e;
    }
    InetSocketAddress address = server.getLocalAddress();
    LOG.info("embedded MongoDB-compatible server on {} with its data in {}", address, absolute);
    return new EmbeddedMongo(absolute, server, address);
  }

  /**
   * Starts on a free loopback port with its data in memory only (mongo-java-server's memory
   * backend): nothing survives {@link #close}, and nothing is written to disk. For tests whose
   * store is a stand-in for a production replica set on machines of its own and is never killed
   * itself (the cluster failover test): the H2 file backend commits after every write command and
   * compares its index keys by Java-serializing them, which on a 2-core machine makes the shared
   * test store, not the code under test, the bottleneck. {@link #file} is null.
   */
  public static EmbeddedMongo startInMemory() {
    MongoServer server = new MongoServer(new MemoryBackend());
    server.bind("127.0.0.1", 0);
    InetSocketAddress address = server.getLocalAddress();
    LOG.info("embedded MongoDB-compatible server on {}, in memory only", address);
    return new EmbeddedMongo(null, server, address);
  }

  /** {@code mongodb://127.0.0.1:<port>}, for {@link MongoConfig} or any MongoDB client. */
  public String connectionString() {
    return "mongodb://" + address.getHostString() + ":" + address.getPort();
  }

  public int port() {
    return address.getPort();
  }

  public Path file() {
    return file;
  }

  /** Stops listening, closes client connections and closes (commits) the H2 file. */
  @Override
  public void close() {
    server.shutdownNow();
  }

  /** Commits the MVStore after every write command, before the reply goes back to the driver. */
  private static final class CommittingH2Backend extends H2Backend {
    CommittingH2Backend(String fileName) {
      super(fileName);
    }

    @Override
    public de.bwaldvogel.mongo.bson.Document handleCommand(
        Channel channel,
        String databaseName,
        String command,
        de.bwaldvogel.mongo.bson.Document query) {
      de.bwaldvogel.mongo.bson.Document reply =
          super.handleCommand(channel, databaseName, command, query);
      if (WRITE_COMMANDS.contains(command.toLowerCase(java.util.Locale.ROOT))) {
        commit();
      }
      return reply;
    }
  }
}
