package com.tradeplan.store;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCredential;
import com.mongodb.ReadConcern;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.bson.Document;

/**
 * How to reach MongoDB: a real deployment when {@code MONGODB_URI} is set, else the embedded server
 * with its file under the data directory. Both are reached through the same driver code; only the
 * write concern differs by default.
 *
 * <p>Environment variables read by {@link #fromEnvironment}:
 *
 * <ul>
 *   <li>{@code MONGODB_URI}: a MongoDB connection string; unset or blank starts the embedded
 *       server;
 *   <li>{@code MONGODB_USERNAME} and {@code MONGODB_PASSWORD_FILE}: a user and the file holding its
 *       password, so that the password is neither in the URI nor in the environment (a Docker or
 *       Kubernetes secret); the user is looked up in the URI's {@code authSource}, else in {@code
 *       admin}. The file is read at every connect, its surrounding blanks stripped. One without the
 *       other, or with a URI that carries credentials of its own, is refused;
 *   <li>{@code MONGODB_DATABASE}: the database name (default {@code tradeplan});
 *   <li>{@code MONGODB_WRITE_CONCERN}: {@code majority} (w:majority, journaled: the default with a
 *       URI) or {@code w1} (acknowledged by one member: the default for the embedded server, which
 *       has only one and commits its file on every write anyway);
 *   <li>{@code TRADEPLAN_DATA_DIR}: where the embedded file lives (default {@code ./data}; the file
 *       is {@code tradeplan.mv.db}).
 * </ul>
 *
 * @param uri null for the embedded server
 * @param username the user whose password is in {@code passwordFile}, or null (credentials, if any,
 *     are in the URI)
 * @param passwordFile the file holding that user's password, or null; the path only, so that this
 *     record can be printed
 * @param timeout bound on connecting, selecting a server and each read, so that no store call waits
 *     forever (the writer retries instead)
 */
public record MongoConfig(
    String uri,
    String database,
    Durability durability,
    Path dataDir,
    Duration timeout,
    String username,
    Path passwordFile) {

  /** The write concern the store's writes are acknowledged with. */
  public enum Durability {
    /** {@code w:majority, j:true}: survives the loss of a minority of a replica set. */
    MAJORITY_JOURNALED(WriteConcern.MAJORITY.withJournal(true)),
    /** {@code w:1}: acknowledged by the one server written to. */
    W1(WriteConcern.W1);

    private final WriteConcern writeConcern;

    Durability(WriteConcern writeConcern) {
      this.writeConcern = writeConcern;
    }

    WriteConcern writeConcern() {
      return writeConcern;
    }

    static Durability parse(String text) {
      return switch (text.trim().toLowerCase(Locale.ROOT)) {
        case "majority" -> MAJORITY_JOURNALED;
        case "w1", "1" -> W1;
        default ->
            throw new IllegalArgumentException(
                "MONGODB_WRITE_CONCERN must be majority or w1: " + text);
      };
    }
  }

  public static final String DEFAULT_DATABASE = "tradeplan";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  public MongoConfig {
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(durability, "durability");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(timeout, "timeout");
    uri = uri == null || uri.isBlank() ? null : uri.trim();
    if ((username == null) != (passwordFile == null)) {
      throw new IllegalArgumentException(
          "MONGODB_USERNAME and MONGODB_PASSWORD_FILE go together: set both or neither");
    }
    if (passwordFile != null && uri == null) {
      throw new IllegalArgumentException(
          "MONGODB_PASSWORD_FILE is set but MONGODB_URI is not: the embedded store has no users");
    }
  }

  /** A configuration whose password, if any, is in the URI. */
  public MongoConfig(
      String uri, String database, Durability durability, Path dataDir, Duration timeout) {
    this(uri, database, durability, dataDir, timeout, null, null);
  }

  /** Reads the variables above from {@code env} (pass {@code System.getenv()}). */
  public static MongoConfig fromEnvironment(Map<String, String> env) {
    String uri = env.get("MONGODB_URI");
    boolean embedded = uri == null || uri.isBlank();
    String wc = env.get("MONGODB_WRITE_CONCERN");
    Durability durability =
        wc == null || wc.isBlank()
            ? (embedded ? Durability.W1 : Durability.MAJORITY_JOURNALED)
            : Durability.parse(wc);
    String db = env.getOrDefault("MONGODB_DATABASE", DEFAULT_DATABASE);
    String dir = env.getOrDefault("TRADEPLAN_DATA_DIR", "data");
    String user = blankToNull(env.get("MONGODB_USERNAME"));
    String passwordFile = blankToNull(env.get("MONGODB_PASSWORD_FILE"));
    Path password = passwordFile == null ? null : Path.of(passwordFile);
    if (password != null) {
      checkPasswordFileFits(uri, password);
    }
    return new MongoConfig(uri, db, durability, Path.of(dir), DEFAULT_TIMEOUT, user, password);
  }

  private static String blankToNull(String v) {
    return v == null || v.isBlank() ? null : v.strip();
  }

  /**
   * A password file needs a URI without credentials of its own, and must be readable now, so that a
   * wrong path fails the start, not the first write.
   */
  private static void checkPasswordFileFits(String uri, Path file) {
    if (uri == null || uri.isBlank()) {
      return; // refused by the constructor
    }
    ConnectionString cs;
    try {
      cs = new ConnectionString(uri.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("MONGODB_URI is not a MongoDB connection string", e);
    }
    if (cs.getCredential() != null) {
      throw new IllegalArgumentException(
          "MONGODB_URI carries credentials and MONGODB_PASSWORD_FILE is set: keep them in one"
              + " place");
    }
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException("MONGODB_PASSWORD_FILE: cannot read " + file);
    }
  }

  /** {@link #username} with the password from {@link #passwordFile}, or null when not set. */
  private MongoCredential credentialFromFile(String connectionString) {
    if (passwordFile == null) {
      return null;
    }
    String password;
    try {
      password = Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("MONGODB_PASSWORD_FILE: cannot read " + passwordFile, e);
    }
    return MongoCredential.createCredential(
        username, authSource(connectionString), password.toCharArray());
  }

  /** The {@code authSource} option of a connection string, else {@code admin}. */
  static String authSource(String connectionString) {
    int q = connectionString.indexOf('?');
    if (q >= 0) {
      for (String option : connectionString.substring(q + 1).split("[&;]")) {
        if (option.regionMatches(true, 0, "authSource=", 0, 11) && option.length() > 11) {
          return URLDecoder.decode(option.substring(11), StandardCharsets.UTF_8);
        }
      }
    }
    return "admin";
  }

  public boolean embedded() {
    return uri == null;
  }

  /** The client name the platform's own connections announce to MongoDB. */
  public static final String PLATFORM_APPLICATION = "tradeplan";

  /** Starts the embedded server when there is no URI, and connects. */
  public MongoConnection connect() {
    return connect(PLATFORM_APPLICATION);
  }

  /**
   * {@link #connect()} with another client name, for a tool that must tell its own connection from
   * the platform's ({@link StoreClients}).
   */
  public MongoConnection connect(String applicationName) {
    if (!embedded()) {
      return new MongoConnection(client(uri, applicationName), database, null);
    }
    EmbeddedMongo server = EmbeddedMongo.start(embeddedFile());
    try {
      return new MongoConnection(
          client(server.connectionString(), applicationName), database, server);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /** The embedded server's file under {@link #dataDir}. */
  public Path embeddedFile() {
    return dataDir.resolve(EmbeddedMongo.DEFAULT_FILE.getFileName());
  }

  /** A client for {@code connectionString} with this configuration's write concern and bounds. */
  MongoClient client(String connectionString) {
    return client(connectionString, PLATFORM_APPLICATION);
  }

  private MongoClient client(String connectionString, String applicationName) {
    return MongoClients.create(settings(connectionString, applicationName));
  }

  MongoClientSettings settings(String connectionString) {
    return settings(connectionString, PLATFORM_APPLICATION);
  }

  private MongoClientSettings settings(String connectionString, String applicationName) {
    int ms = Math.toIntExact(timeout.toMillis());
    ConnectionString cs = new ConnectionString(connectionString);
    MongoClientSettings.Builder builder = MongoClientSettings.builder().applyConnectionString(cs);
    // Only the configured URI has a user; the embedded server's connection string has none.
    MongoCredential fromFile = connectionString.equals(uri) ? credentialFromFile(uri) : null;
    if (fromFile != null) {
      builder.credential(fromFile);
    }
    return builder
        .applicationName(applicationName)
        .retryWrites(true)
        .retryReads(true)
        .writeConcern(durability.writeConcern())
        .readConcern(
            durability == Durability.MAJORITY_JOURNALED
                ? ReadConcern.MAJORITY
                : ReadConcern.DEFAULT)
        .applyToClusterSettings(
            b -> b.serverSelectionTimeout(ms, java.util.concurrent.TimeUnit.MILLISECONDS))
        .applyToSocketSettings(
            b ->
                b.connectTimeout(ms, java.util.concurrent.TimeUnit.MILLISECONDS)
                    .readTimeout(2 * ms, java.util.concurrent.TimeUnit.MILLISECONDS))
        .build();
  }

  /**
   * The hosts a MongoDB connection string names, without its credentials or options (for a startup
   * report); empty when {@code uri} is not a connection string.
   */
  public static Optional<List<String>> hostsOf(String uri) {
    try {
      return Optional.of(List.copyOf(new ConnectionString(uri).getHosts()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * An open client on the configured database, and the embedded server when one was started. The
   * store's classes are opened on it ({@link TradeStore#open}, the repositories of the server's own
   * collections); the database itself is not handed out, so that no MongoDB type is seen outside
   * this module.
   */
  public static final class MongoConnection implements AutoCloseable {
    private final MongoClient client;
    private final String databaseName;
    private final EmbeddedMongo embedded;

    MongoConnection(MongoClient client, String databaseName, EmbeddedMongo embedded) {
      this.client = client;
      this.databaseName = databaseName;
      this.embedded = embedded;
    }

    MongoDatabase database() {
      return client.getDatabase(databaseName);
    }

    /** The {@code admin} database, for server-wide commands ({@link StoreClients}). */
    MongoDatabase admin() {
      return client.getDatabase("admin");
    }

    /**
     * Drops the whole configured database: for a run that owns a database of its own (the path
     * benchmark against a real MongoDB, {@code TRADEPLAN_BENCH_MONGODB_URI}); the platform never
     * calls it.
     */
    public void dropDatabase() {
      database().drop();
    }

    /** The embedded server this connection started, or null for a real deployment. */
    public EmbeddedMongo embedded() {
      return embedded;
    }

    /**
     * Asks the server to answer (the {@code ping} command), for health checks. Throws the driver's
     * {@code MongoException} when it does not answer within the configured timeout, like every
     * other store call.
     */
    public void ping() {
      database().runCommand(new Document("ping", 1));
    }

    /** Closes the client, then the embedded server (which commits and closes its file). */
    @Override
    public void close() {
      try {
        client.close();
      } finally {
        if (embedded != null) {
          embedded.close();
        }
      }
    }
  }
}
