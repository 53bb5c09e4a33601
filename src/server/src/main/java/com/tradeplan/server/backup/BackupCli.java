package com.tradeplan.server.backup;

import com.tradeplan.store.BackupManifest;
import com.tradeplan.store.MongoConfig;
import com.tradeplan.store.StoreBackup;
import com.tradeplan.store.StoreClients;
import com.tradeplan.store.StoreRestore;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./tradeplan backup DIR} and {@code ./tradeplan restore DIR [--force]}: the platform's
 * store (the same variables as the server: {@code MONGODB_URI} or the embedded file under {@code
 * TRADEPLAN_DATA_DIR}, docs/persistence.md) to and from a backup directory.
 *
 * <p>Refuses while a platform runs against the store. The embedded store's file is locked by the
 * one process that opened it: opening it here fails while a server has it, and the OS drops the
 * lock when that process dies, even by kill -9. A deployment ({@code MONGODB_URI}) is asked for the
 * platform's open connections ({@link StoreClients}); when it cannot tell, the command refuses (a
 * production replica set is backed up with mongodump, docs/operations.md).
 *
 * <p>Exit codes: 0 done, 1 refused or failed (the reason printed), 2 a usage error.
 */
public final class BackupCli {
  static final String USAGE =
      "usage: ./tradeplan backup DIR | ./tradeplan restore DIR [--force]\n"
          + "  the store of MONGODB_URI, else the embedded store under TRADEPLAN_DATA_DIR (./data);"
          + " stop the platform first.\n"
          + "  restore writes only into an empty store; --force replaces one, saving its contents"
          + " first into DIR.replaced-<time>.";

  /** The name this tool's connection announces, apart from the platform's. */
  static final String APPLICATION = "tradeplan-backup";

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
          .withZone(java.time.ZoneOffset.UTC);

  private BackupCli() {}

  /** Runs {@code backup} or {@code restore} ({@code command}); returns the exit code. */
  public static int run(
      String command,
      String[] args,
      Map<String, String> env,
      Clock clock,
      PrintStream out,
      PrintStream err) {
    boolean force = false;
    Path dir = null;
    for (String a : args) {
      if (a.equals("--force") && command.equals("restore")) {
        force = true;
      } else if (!a.startsWith("-") && dir == null) {
        dir = Path.of(a);
      } else {
        err.println("unexpected " + a + "\n" + USAGE);
        return 2;
      }
    }
    if (dir == null) {
      err.println(USAGE);
      return 2;
    }
    MongoConfig config;
    try {
      config = MongoConfig.fromEnvironment(env);
    } catch (IllegalArgumentException e) {
      err.println("tradeplan: " + e.getMessage());
      return 2;
    }
    if (config.embedded() && command.equals("backup") && !Files.exists(config.embeddedFile())) {
      err.println("tradeplan: no store at " + config.embeddedFile() + " (TRADEPLAN_DATA_DIR)");
      return 1;
    }
    MongoConfig.MongoConnection connection;
    try {
      connection = config.connect(APPLICATION);
    } catch (RuntimeException e) {
      err.println("tradeplan: " + cannotOpen(config, e));
      return 1;
    }
    try (connection) {
      String running = platformRunning(config, connection);
      if (running != null) {
        err.println("tradeplan: " + running);
        return 1;
      }
      return command.equals("backup")
          ? backup(connection, dir, clock, out, err)
          : restore(connection, dir, force, clock, out, err);
    }
  }

  /** Why the store could not be opened: for the embedded file, a lock means a running platform. */
  private static String cannotOpen(MongoConfig config, RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (config.embedded() && t.getMessage() != null && t.getMessage().contains("locked")) {
        return "the store's file "
            + config.embeddedFile()
            + " is in use: a platform (./tradeplan up or serve) is running against it; stop it"
            + " first";
      }
    }
    return "cannot open the store: " + e.getMessage();
  }

  /** Null when no platform is connected, else why this command refuses. */
  private static String platformRunning(
      MongoConfig config, MongoConfig.MongoConnection connection) {
    if (config.embedded()) {
      return null; // the file's lock answered that
    }
    StoreClients.Answer answer = StoreClients.platformConnections(connection);
    if (answer instanceof StoreClients.Answer.Counted c) {
      return c.connections() == 0
          ? null
          : c.connections()
              + " platform connections are open to the store: stop every member first";
    }
    return "cannot tell whether a platform is connected to the store ("
        + ((StoreClients.Answer.Unknown) answer).reason()
        + "): run as a user with the inprog privilege, or use mongodump/mongorestore"
        + " (docs/operations.md, \"Backups\")";
  }

  private static int backup(
      MongoConfig.MongoConnection connection,
      Path dir,
      Clock clock,
      PrintStream out,
      PrintStream err) {
    StoreBackup.Result r = StoreBackup.write(connection, dir, clock);
    if (r instanceof StoreBackup.Result.Written w) {
      out.println("tradeplan: backup written to " + w.dir());
      print(w.manifest(), out);
      return 0;
    }
    err.println("tradeplan: backup refused: " + ((StoreBackup.Result.Refused) r).reason());
    return 1;
  }

  private static int restore(
      MongoConfig.MongoConnection connection,
      Path dir,
      boolean force,
      Clock clock,
      PrintStream out,
      PrintStream err) {
    Path absolute = dir.toAbsolutePath().normalize();
    Path replaced =
        absolute.resolveSibling(
            absolute.getFileName()
                + ".replaced-"
                + STAMP.format(clock.instant().truncatedTo(ChronoUnit.SECONDS)));
    StoreRestore.Result r = StoreRestore.restore(connection, dir, force, replaced, clock);
    if (r instanceof StoreRestore.Result.Restored done) {
      out.println("tradeplan: restored " + dir + " (" + done.manifest().createdAt() + ")");
      print(done.manifest(), out);
      if (Files.exists(replaced)) {
        out.println("tradeplan: the replaced contents were saved to " + replaced);
      }
      return 0;
    }
    if (r instanceof StoreRestore.Result.Refused refused) {
      err.println("tradeplan: restore refused: " + refused.reason());
    } else {
      err.println("tradeplan: restore failed: " + ((StoreRestore.Result.Failed) r).reason());
    }
    return 1;
  }

  private static void print(BackupManifest m, PrintStream out) {
    out.println(
        "  platform " + m.platformVersion() + ", database " + m.database() + ", " + m.createdAt());
    for (BackupManifest.Entry e : m.collections()) {
      out.println("  " + e.collection() + ": " + e.count());
    }
  }
}
