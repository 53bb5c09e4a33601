package com.tradeplan.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.store.AccountCommissionRepository.StoredPlan;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An account's commission plan: one per account, replaced, listed by account, cleared. */
class AccountCommissionRepositoryTest {
  @RegisterExtension static final TestMongo mongo = new TestMongo();

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  @Test
  void aPlanIsSetReplacedListedAndCleared() {
    AccountCommissionRepository repo =
        new AccountCommissionRepository(mongo.connectionTo(mongo.freshDatabase()));
    assertThat(repo.find("DU1")).isEmpty();
    repo.set(new StoredPlan("DU2", "ib-tiered", "oscar", T0));
    repo.set(new StoredPlan("DU1", "ib-fixed:min=0.50", "oscar", T0));
    repo.set(new StoredPlan("DU1", "ib-fixed:min=2", "olga", T0.plusSeconds(1)));

    assertThat(repo.find("DU1"))
        .contains(new StoredPlan("DU1", "ib-fixed:min=2", "olga", T0.plusSeconds(1)));
    assertThat(repo.list()).extracting(StoredPlan::account).containsExactly("DU1", "DU2");

    assertThat(repo.clear("DU1")).isTrue();
    assertThat(repo.clear("DU1")).isFalse();
    assertThat(repo.find("DU1")).isEmpty();
    assertThat(repo.find("DU2")).as("another account's plan is untouched").isPresent();
  }
}
