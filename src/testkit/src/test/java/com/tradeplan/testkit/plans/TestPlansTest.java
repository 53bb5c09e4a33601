package com.tradeplan.testkit.plans;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.state.PlanSnapshot;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TestPlansTest {
  @Test
  void eachStepIsTheNextVersionWithItsOneChange() {
    PlanSnapshot s0 = TestPlans.active("p1", "alice", "AAPL");
    PlanSnapshot s1 = TestPlans.withEntryOrder(s0, 1);
    PlanSnapshot s2 = TestPlans.withEntryFill(s1, 40, "101.30", "e1");
    PlanSnapshot s3 = TestPlans.withCommission(s2, "1.25");
    PlanSnapshot s4 = TestPlans.withStatus(s3, PlanStatus.CANCELLED);

    assertThat(s0.version()).isEqualTo(1);
    assertThat(s1.status()).isEqualTo(PlanStatus.ENTRY_SUBMITTED);
    assertThat(s1.orders())
        .singleElement()
        .satisfies(o -> assertThat(o.ref()).hasToString("p1:ENTRY:0:1"));
    assertThat(s2.position()).isEqualTo(40);
    assertThat(s2.entryCost()).isEqualByComparingTo("4052.00");
    assertThat(s2.executionIds()).containsExactly("e1");
    assertThat(s3.commission()).isEqualByComparingTo("1.25");
    assertThat(s4.status()).isEqualTo(PlanStatus.CANCELLED);
    assertThat(s4.version()).isEqualTo(5);
    assertThat(s4.position()).isEqualTo(40);
  }

  @Test
  void theSameSeedGivesTheSameSnapshots() {
    Random a = new Random(7);
    Random b = new Random(7);
    for (int n = 0; n < 200; n++) {
      assertThat(RandomSnapshots.randomSnapshot(a, n))
          .isEqualTo(RandomSnapshots.randomSnapshot(b, n));
    }
  }
}
