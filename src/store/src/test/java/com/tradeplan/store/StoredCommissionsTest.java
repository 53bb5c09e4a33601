package com.tradeplan.store;

import static com.mongodb.client.model.Filters.eq;
import static com.tradeplan.testkit.plans.TestPlans.active;
import static com.tradeplan.testkit.plans.TestPlans.withCommission;
import static com.tradeplan.testkit.plans.TestPlans.withEntryFill;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Updates;
import com.tradeplan.domain.state.PlanSnapshot;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 20, point 7: the commissions charged per execution id are stored with the trade (so a
 * replayed commission report is refused after a restart), and a trade written before they were kept
 * reads with every execution it booked counted as charged.
 */
class StoredCommissionsTest {
  @RegisterExtension static final TestMongo mongo = new TestMongo();

  private static PlanSnapshot twoExecutions() {
    PlanSnapshot s = withEntryFill(active("p1", "alice", "AAPL"), 40, "101.00", "0000e0d5.01.01");
    return withCommission(withEntryFill(s, 60, "101.10", "0000e0d5.02.01"), "1.30");
  }

  @Test
  void theCommissionOfEachExecutionIsStoredInTheOrderChargedAndReadBack() {
    MongoDatabase db = mongo.freshDatabase();
    TradeStore store = TradeStore.open(db);
    Map<String, BigDecimal> charged = new LinkedHashMap<>();
    charged.put("0000e0d5.02.01", new BigDecimal("0.30"));
    charged.put("0000e0d5.01.01", new BigDecimal("1.00"));
    PlanSnapshot s = twoExecutions().withCommissions(charged);

    store.create(s);

    PlanSnapshot back = store.load("p1").orElseThrow();
    assertThat(back).isEqualTo(s);
    assertThat(back.commissions())
        .containsExactly(
            entry("0000e0d5.02.01", new BigDecimal("0.30")),
            entry("0000e0d5.01.01", new BigDecimal("1.00")));
    Document raw = db.getCollection("trades").find(eq("_id", "p1")).first();
    assertThat(raw.get("state", Document.class).getList("commissions", Document.class))
        .as("an array: execution ids contain dots, which a field name must not")
        .extracting(d -> d.getString("executionId"))
        .containsExactly("0000e0d5.02.01", "0000e0d5.01.01");
  }

  @Test
  void aTradeWrittenBeforeCommissionsWereKeptCountsEveryBookedExecutionAsCharged() {
    MongoDatabase db = mongo.freshDatabase();
    TradeStore store = TradeStore.open(db);
    store.create(twoExecutions());
    db.getCollection("trades").updateOne(eq("_id", "p1"), Updates.unset("state.commissions"));

    PlanSnapshot back = store.load("p1").orElseThrow();

    assertThat(back.commissions())
        .as("charged, amount not known: a replayed report must charge nothing again")
        .containsExactly(entry("0000e0d5.01.01", null), entry("0000e0d5.02.01", null));
    assertThat(back.commission()).as("the total stays the one stored").isEqualByComparingTo("1.30");
    store.update(back.withVersion(back.version() + 1), back.version());
    assertThat(store.load("p1").orElseThrow().commissions())
        .as("written again in the new form, unknown amounts as null")
        .isEqualTo(back.commissions());
  }

  @Test
  void anExecutionChargedTwiceInAStoredTradeIsAnUnreadableDocument() {
    MongoDatabase db = mongo.freshDatabase();
    TradeStore store = TradeStore.open(db);
    store.create(twoExecutions());
    Document once = new Document("executionId", "x").append("amount", null);
    db.getCollection("trades")
        .updateOne(eq("_id", "p1"), Updates.set("state.commissions", List.of(once, once)));

    LoadResult loaded = store.loadMonitored();

    assertThat(loaded.plans()).isEmpty();
    assertThat(loaded.quarantined())
        .singleElement()
        .extracting(QuarantinedDocument::reason)
        .asString()
        .contains("execution x charged twice");
  }
}
