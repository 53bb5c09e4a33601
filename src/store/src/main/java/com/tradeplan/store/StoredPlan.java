package com.tradeplan.store;

import com.tradeplan.domain.state.PlanSnapshot;
import java.time.Instant;
import java.util.Objects;

/**
 * A plan as its trade document holds it, with the times the document keeps beside the snapshot (the
 * snapshot has no clock of its own).
 *
 * @param createdAt when the plan was stored; null for a document written before this was kept
 * @param endedAt when the plan was first written in an ended status; null while it is open
 */
public record StoredPlan(PlanSnapshot snapshot, Instant createdAt, Instant endedAt) {
  public StoredPlan {
    Objects.requireNonNull(snapshot, "snapshot");
  }
}
