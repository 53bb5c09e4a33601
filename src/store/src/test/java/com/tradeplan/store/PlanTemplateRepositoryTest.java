package com.tradeplan.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.store.PlanTemplateRepository.Saved;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A trader's plan templates: by name, per owner, bounded. */
class PlanTemplateRepositoryTest {
  @RegisterExtension static final TestMongo mongo = new TestMongo();

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final String SHAPE =
      "{\"side\": \"SHORT\", \"quantity\": 100, \"entry\": {\"condition\": \"BELOW\","
          + " \"price\": \"50.00\"}, \"stops\": [{\"price\": \"50.40\"}]}";

  @Test
  void aTemplateIsSavedReplacedListedByNameAndDeleted() {
    PlanTemplateRepository repo =
        new PlanTemplateRepository(mongo.connectionTo(mongo.freshDatabase()), 5);
    assertThat(repo.save("alice", "short fade", SHAPE, T0)).isEqualTo(Saved.CREATED);
    assertThat(repo.save("alice", "breakout", "{\"side\": \"LONG\"}", T0)).isEqualTo(Saved.CREATED);
    assertThat(repo.save("bob", "breakout", "{\"side\": \"SHORT\"}", T0)).isEqualTo(Saved.CREATED);
    assertThat(
            repo.save(
                "alice", "breakout", "{\"side\": \"LONG\", \"quantity\": 5}", T0.plusSeconds(1)))
        .isEqualTo(Saved.REPLACED);

    var list = repo.list("alice");
    assertThat(list)
        .extracting(PlanTemplateRepository.StoredTemplate::name)
        .containsExactly("breakout", "short fade");
    assertThat(list.get(0).planJson()).isEqualTo("{\"side\": \"LONG\", \"quantity\": 5}");
    assertThat(list.get(0).savedAt()).isEqualTo(T0.plusSeconds(1));
    assertThat(list.get(1).planJson()).as("read back as saved").isEqualTo(SHAPE);
    assertThat(repo.list("bob")).hasSize(1);

    assertThat(repo.delete("alice", "breakout")).isTrue();
    assertThat(repo.delete("alice", "breakout")).isFalse();
    assertThat(repo.list("bob")).as("another owner's template is untouched").hasSize(1);
  }

  @Test
  void anOwnerHoldsAtMostTheBoundAndMayStillReplaceOne() {
    PlanTemplateRepository repo =
        new PlanTemplateRepository(mongo.connectionTo(mongo.freshDatabase()), 2);
    assertThat(repo.save("alice", "a", "{}", T0)).isEqualTo(Saved.CREATED);
    assertThat(repo.save("alice", "b", "{}", T0)).isEqualTo(Saved.CREATED);
    assertThat(repo.save("alice", "c", "{}", T0)).isEqualTo(Saved.FULL);
    assertThat(repo.save("alice", "b", "{\"quantity\": 1}", T0)).isEqualTo(Saved.REPLACED);
    assertThat(repo.save("bob", "c", "{}", T0))
        .as("the bound is per owner")
        .isEqualTo(Saved.CREATED);
    assertThat(repo.list("alice")).hasSize(2);
  }
}
