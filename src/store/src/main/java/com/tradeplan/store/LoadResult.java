package com.tradeplan.store;

import com.tradeplan.domain.state.PlanSnapshot;
import java.util.List;

/**
 * Plans read from the store, and the documents that could not be read (reported and quarantined,
 * never thrown): recovery resumes the good ones and alerts an operator about the others.
 */
public record LoadResult(List<PlanSnapshot> plans, List<QuarantinedDocument> quarantined) {
  public LoadResult {
    plans = List.copyOf(plans);
    quarantined = List.copyOf(quarantined);
  }
}
