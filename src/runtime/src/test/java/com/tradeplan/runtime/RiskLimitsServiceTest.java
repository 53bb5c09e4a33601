package com.tradeplan.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.tradeplan.broker.risk.EntryLimits;
import com.tradeplan.domain.risk.LimitScope;
import com.tradeplan.domain.risk.RiskLimits;
import com.tradeplan.store.EmbeddedMongo;
import com.tradeplan.store.MongoConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The limits in force on two members sharing one store: the configured platform layer until one is
 * stored, a change in force on the member that made it at once and on the other after its poll, and
 * the open-plans limit read from the same layers.
 */
class RiskLimitsServiceTest {
  @TempDir Path dir;

  private static RiskLimits openPlans(int max) {
    return RiskLimits.builder().maxOpenPlans(max).build();
  }

  @Test
  void aChangeOnOneMemberReachesTheOtherAtItsNextPoll() {
    try (EmbeddedMongo mongo = EmbeddedMongo.startInMemory()) {
      PlatformConfig config =
          PlatformConfig.fromEnvironment(
              Map.of(
                  "MONGODB_URI",
                  mongo.connectionString(),
                  "TRADEPLAN_DATA_DIR",
                  dir.toString(),
                  "TRADEPLAN_MAX_ORDER_QUANTITY",
                  "500",
                  "TRADEPLAN_MAX_LIVE_PLANS_PER_USER",
                  "7"));
      try (MongoConfig.MongoConnection a =
              MongoConfig.fromEnvironment(config.storeEnvironment()).connect();
          MongoConfig.MongoConnection b =
              MongoConfig.fromEnvironment(config.storeEnvironment()).connect()) {
        RiskLimitsService first = RiskLimitsService.open(a, config, EntryLimits.LastPrices.NONE);
        RiskLimitsService second = RiskLimitsService.open(b, config, EntryLimits.LastPrices.NONE);
        assertEquals(500L, second.layers().platform().maxOrderQuantity(), "configured default");
        assertEquals(
            new UserPlanLimits.Limit(7, UserPlanLimits.LIVE_LIMIT), second.openPlansOf("alice"));

        var saved = first.change(LimitScope.USER, "alice", openPlans(3), 0, "oscar", "new trader");
        assertInstanceOf(RiskLimitsService.ChangeResult.Saved.class, saved);
        assertEquals(new UserPlanLimits.Limit(3, "maxOpenPlans"), first.openPlansOf("alice"));
        assertNull(second.storedVersion(LimitScope.USER, "alice"), "not polled yet");

        second.poll();
        assertEquals(new UserPlanLimits.Limit(3, "maxOpenPlans"), second.openPlansOf("alice"));
        assertEquals(
            3, second.entryLimits().layers().forUser("alice").maxOpenPlans(), "the gate's too");
        assertInstanceOf(
            RiskLimitsService.ChangeResult.Conflict.class,
            second.change(LimitScope.USER, "alice", openPlans(9), 0, "sam", "stale"));
        assertInstanceOf(
            RiskLimitsService.ChangeResult.Invalid.class,
            second.change(LimitScope.USER, "alice", openPlans(5_000), 1, "sam", "too many"));
      }
    }
  }
}
