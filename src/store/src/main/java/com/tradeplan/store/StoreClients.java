package com.tradeplan.store;

import com.mongodb.MongoException;
import java.util.List;
import org.bson.Document;

/**
 * Whether a platform is connected to a MongoDB deployment, for the tools that must not run beside
 * one (backup, restore): MongoDB's {@code currentOp} with {@code $all} lists every client
 * connection, idle ones included, with the name it announced; the platform's connections announce
 * {@value MongoConfig#PLATFORM_APPLICATION} ({@link MongoConfig#connect()}), the tools another
 * name. It needs the {@code inprog} privilege (the deployment's root user has it); a server or user
 * that cannot answer gives {@link Answer.Unknown}, which the tools treat as "maybe running".
 *
 * <p>The embedded store needs none of this: its file is locked by the one process that opened it.
 */
public final class StoreClients {
  private StoreClients() {}

  /** What the deployment said. */
  public sealed interface Answer {
    /** {@code connections} platform connections are open (0: no platform is running). */
    record Counted(int connections) implements Answer {}

    /** The deployment could not tell ({@code reason}: its answer). */
    record Unknown(String reason) implements Answer {}
  }

  /** Asks the deployment of {@code connection} how many platform connections it has. */
  public static Answer platformConnections(MongoConfig.MongoConnection connection) {
    try {
      Document answer =
          connection
              .admin()
              .runCommand(
                  new Document("currentOp", 1)
                      .append("$all", true)
                      .append("appName", MongoConfig.PLATFORM_APPLICATION));
      if (!(answer.get("inprog") instanceof List<?> inProgress)) {
        return new Answer.Unknown("currentOp answered without 'inprog'");
      }
      return new Answer.Counted(inProgress.size());
    } catch (MongoException e) {
      return new Answer.Unknown("currentOp: " + e.getMessage());
    }
  }
}
