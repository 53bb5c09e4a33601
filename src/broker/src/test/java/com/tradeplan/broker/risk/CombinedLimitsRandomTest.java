package com.tradeplan.broker.risk;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.domain.risk.LimitLayers;
import com.tradeplan.domain.risk.LimitScope;
import com.tradeplan.domain.risk.RiskLimits;
import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link CombinedLimits} answers what {@link LimitLayers#forOrder} and {@link LimitLayers#forUser}
 * answer, over seeded random layers (platform, accounts, users, plans, each set or not) that are
 * swapped for others as the run goes, with orders of random users, accounts (the default one too)
 * and plans.
 */
class CombinedLimitsRandomTest {
  private static final String[] ACCOUNTS = {"DU1", "DU2", "DU3", null};
  private static final String[] USERS = {"alice", "bob", "carol", "dave"};
  private static final String[] PLANS = {"p1", "p2", "p3"};

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42, 20261205})
  void sameLimitsAsTheLayers(long seed) {
    Random random = new Random(seed);
    CombinedLimits combined = new CombinedLimits();
    LimitLayers layers = layers(random);
    for (int step = 0; step < 5_000; step++) {
      if (random.nextInt(200) == 0) {
        layers = layers(random);
      }
      String account = ACCOUNTS[random.nextInt(ACCOUNTS.length)];
      String user = USERS[random.nextInt(USERS.length)];
      String plan = random.nextBoolean() ? PLANS[random.nextInt(PLANS.length)] : null;
      assertThat(combined.forOrder(layers, account, user, plan))
          .as("step %d: %s %s %s", step, account, user, plan)
          .isEqualTo(layers.forOrder(account, user, plan));
      assertThat(combined.forUser(layers, user)).isEqualTo(layers.forUser(user));
    }
  }

  private static LimitLayers layers(Random random) {
    LimitLayers layers = LimitLayers.of(limits(random, true));
    for (String account : ACCOUNTS) {
      if (random.nextBoolean()) {
        layers = layers.with(LimitScope.ACCOUNT, account, limits(random, true));
      }
    }
    for (String user : USERS) {
      if (random.nextBoolean()) {
        layers = layers.with(LimitScope.USER, user, limits(random, true));
      }
    }
    for (String plan : PLANS) {
      if (random.nextBoolean()) {
        layers = layers.with(LimitScope.PLAN, plan, limits(random, false));
      }
    }
    return layers;
  }

  /** Some limits set at random; {@code aggregates} false: only those of one order. */
  private static RiskLimits limits(Random random, boolean aggregates) {
    RiskLimits.Builder b = RiskLimits.builder();
    if (random.nextBoolean()) {
      b.maxOrderQuantity(1L + random.nextInt(1_000));
    }
    if (random.nextBoolean()) {
      b.maxOrderNotional(BigDecimal.valueOf(1 + random.nextInt(100_000), 2));
    }
    if (random.nextBoolean()) {
      b.priceCollarTicks(1 + random.nextInt(50));
    }
    if (aggregates && random.nextBoolean()) {
      b.maxPositionPerSymbol(1L + random.nextInt(1_000));
    }
    if (aggregates && random.nextBoolean()) {
      b.entryStaggerMillis(1L + random.nextInt(1_000));
    }
    if (aggregates && random.nextBoolean()) {
      b.maxDailyLoss(BigDecimal.valueOf(1 + random.nextInt(100_000), 2));
    }
    return b.build();
  }
}
