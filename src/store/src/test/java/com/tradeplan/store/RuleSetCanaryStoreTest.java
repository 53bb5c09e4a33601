package com.tradeplan.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The running canary as the store keeps it for a cluster started from cold (docs/rules.md,
 * "Canary"): recorded, replaced, cleared, and kept apart from the deployed version.
 */
class RuleSetCanaryStoreTest {
  @Test
  void aCanaryIsRecordedReplacedAndClearedBesideTheDeployedVersion(@TempDir Path dir) {
    try (MongoConfig.MongoConnection conn = TestMongo.config(dir).connect()) {
      RuleSetRepository rules = new RuleSetRepository(conn);
      assertThat(rules.canary()).isEmpty();
      rules.setDeployed(2, "sam");
      Instant at = Instant.parse("2026-12-05T03:00:00Z");
      rules.setCanary(3, List.of("alice", "bob"), "sam", at);
      assertThat(rules.canary())
          .contains(new RuleSetRepository.Canary(3, List.of("alice", "bob"), "sam", at));
      rules.setCanary(4, List.of("carol"), "ana", at.plusSeconds(60));
      assertThat(rules.canary().orElseThrow().number()).as("replaced").isEqualTo(4);
      assertThat(rules.deployedNumber().getAsInt()).as("apart from the deploy").isEqualTo(2);
      rules.clearCanary();
      assertThat(rules.canary()).isEmpty();
      assertThat(rules.deployedNumber().getAsInt()).isEqualTo(2);
    }
  }
}
