package com.tradeplan.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tradeplan.domain.risk.LimitScope;
import com.tradeplan.domain.risk.LimitSetVersion;
import com.tradeplan.domain.risk.PriceBandTier;
import com.tradeplan.domain.risk.PriceTiers;
import com.tradeplan.domain.risk.RiskLimits;
import com.tradeplan.testkit.MutableClock;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Limits are versioned data: each change a new version with who, when and why, audited. */
class RiskLimitRepositoryTest {
  @RegisterExtension static final TestMongo mongo = new TestMongo();

  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

  private static RiskLimits limits(long maxQty, String maxDailyLoss) {
    return RiskLimits.builder()
        .maxOrderQuantity(maxQty)
        .maxOrderNotional(new BigDecimal("25000.50"))
        .ordersPerSecond(5)
        .priceCollarPercent(new BigDecimal("1.5"))
        .maxDailyLoss(maxDailyLoss == null ? null : new BigDecimal(maxDailyLoss))
        .stopLossCooldownSeconds(300L)
        .build();
  }

  @Test
  void eachChangeIsANewVersionReadBackExactlyAndAudited() {
    var connection = mongo.connectionTo(mongo.freshDatabase());
    AdminAuditLog audit = new AdminAuditLog(connection);
    RiskLimitRepository repo = new RiskLimitRepository(connection, audit, new MutableClock(T0));

    var first = repo.save(LimitScope.USER, "alice", limits(100, "500.00"), 0, "ops", "new trader");
    var second = repo.save(LimitScope.USER, "alice", limits(200, null), 1, "ops", "trusted");
    assertThat(first.stored().version()).isEqualTo(1);
    assertThat(second.stored().version()).isEqualTo(2);
    assertThat(repo.current())
        .containsExactly(
            new LimitSetVersion(
                LimitScope.USER, "alice", 2, limits(200, null), "ops", T0, "trusted"));
    assertThat(repo.history(LimitScope.USER, "alice", 10))
        .extracting(LimitSetVersion::version)
        .containsExactly(2L, 1L);
    assertThat(repo.history(LimitScope.USER, "alice", 10).get(1).limits())
        .isEqualTo(limits(100, "500.00"));
    assertThat(audit.latest(10))
        .extracting(AdminAuditLog.Entry::action, AdminAuditLog.Entry::target)
        .containsOnly(org.assertj.core.groups.Tuple.tuple("risk-limits.change", "USER:alice"));
    assertThat(audit.latest(10)).hasSize(2);
  }

  @Test
  void aTierTableByPriceBandIsReadBackExactly() {
    var connection = mongo.connectionTo(mongo.freshDatabase());
    RiskLimitRepository repo = new RiskLimitRepository(connection, new AdminAuditLog(connection));
    RiskLimits tiers =
        RiskLimits.builder()
            .maxOrderQuantity(5_000L)
            .priceTiers(
                new PriceTiers(
                    List.of(
                        new PriceBandTier(
                            new BigDecimal("0"), new BigDecimal("5.00"), 2_000L, null),
                        new PriceBandTier(
                            new BigDecimal("5.00"),
                            new BigDecimal("20"),
                            1_000L,
                            new BigDecimal("15000.00")),
                        new PriceBandTier(
                            new BigDecimal("20"), null, null, new BigDecimal("25000")))))
            .build();
    repo.save(LimitScope.PLATFORM, "platform", tiers, 0, "ops", "desk tiers");
    assertThat(repo.current().get(0).limits()).isEqualTo(tiers);
    assertThat(repo.history(LimitScope.PLATFORM, "platform", 1).get(0).limits().priceTiers())
        .isEqualTo(tiers.priceTiers());
  }

  @Test
  void aSaveAgainstAnOlderVersionIsAConflictAndStoresNothing() {
    var connection = mongo.connectionTo(mongo.freshDatabase());
    RiskLimitRepository repo = new RiskLimitRepository(connection, new AdminAuditLog(connection));
    repo.save(LimitScope.PLATFORM, "platform", limits(100, null), 0, "ops", "defaults");
    var late = repo.save(LimitScope.PLATFORM, "platform", limits(300, null), 0, "bob", "race");
    assertThat(late.conflicted()).isTrue();
    assertThat(late.versionInForce()).isEqualTo(1);
    assertThat(repo.history(LimitScope.PLATFORM, "platform", 10)).hasSize(1);
  }

  @Test
  void anotherMemberLearnsChangesByPollingTheCounter() {
    var connection = mongo.connectionTo(mongo.freshDatabase());
    RiskLimitRepository repo = new RiskLimitRepository(connection, new AdminAuditLog(connection));
    repo.save(LimitScope.ACCOUNT, "DU1", limits(100, null), 0, "ops", "a");
    List<RiskLimitRepository.Change> seen = repo.changesSince(0);
    assertThat(seen).hasSize(1);
    long high = seen.get(0).seq();
    repo.save(LimitScope.ACCOUNT, "DU1", limits(50, null), 1, "ops", "b");
    assertThat(repo.changesSince(high))
        .extracting(c -> c.version().version())
        .as("the overlap reads the known one again; the caller keeps the newest")
        .contains(2L);
  }

  @Test
  void aSetTheScopeCannotHoldIsABrokenInvariant() {
    var connection = mongo.connectionTo(mongo.freshDatabase());
    RiskLimitRepository repo = new RiskLimitRepository(connection, new AdminAuditLog(connection));
    assertThatThrownBy(
            () -> repo.save(LimitScope.PLAN, "p1", limits(1, "10"), 0, "ops", "too much"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a PLAN layer sets only");
  }
}
