package com.tradeplan.bench.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.tradeplan.domain.plan.PlanDraft;
import com.tradeplan.store.EmbeddedMongo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The path run against a MongoDB named by a connection string ({@code
 * TRADEPLAN_BENCH_MONGODB_URI}), the branch a real deployment takes. A MongoDB server binary cannot
 * be installed here, so a separately started embedded server stands in for it: what is checked is
 * that the members write to the server and database the rig names, not to a store of their own, and
 * that the run's database, and only it, is dropped at the end.
 */
class PathRigTest {
  @TempDir Path dir;

  @Test
  void theMembersWriteToTheNamedMongoDbInADatabaseOfTheRunThatIsDroppedAtTheEnd() throws Exception {
    try (EmbeddedMongo server = EmbeddedMongo.startInMemory();
        MongoClient client = MongoClients.create(server.connectionString())) {
      client.getDatabase("someone_else").getCollection("kept").insertOne(new org.bson.Document());
      String database;
      try (PathRig rig = new PathRig(dir, server.connectionString())) {
        String name = rig.storeName();
        assertTrue(name.startsWith("MongoDB [127.0.0.1:"), name);
        database = name.substring(name.indexOf("database ") + "database ".length());
        assertTrue(database.startsWith("tradeplan_bench_path_"), database);

        List<PlanDraft> drafts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
          drafts.add(PathRun.draft("u" + i / 5, PathRun.symbol(i), "400.00", "50.00", "900.00"));
        }
        rig.activateAll(drafts);
        rig.awaitMonitored(drafts.size());
        List<String> collections = new ArrayList<>();
        client.getDatabase(database).listCollectionNames().into(collections);
        assertTrue(collections.contains("trades"), "the run's database holds " + collections);
        assertEquals(
            10, client.getDatabase(database).getCollection("trades").countDocuments(), "trades");
      }
      List<String> databases = new ArrayList<>();
      client.listDatabaseNames().into(databases);
      assertFalse(databases.contains(database), "dropped at the end: " + databases);
      assertTrue(databases.contains("someone_else"), "only the run's database: " + databases);
    }
  }

  @Test
  void withoutAConnectionStringTheRunHasItsOwnEmbeddedStore() throws Exception {
    try (PathRig rig = new PathRig(dir, " ")) {
      assertEquals("embedded (in memory)", rig.storeName());
    }
  }
}
