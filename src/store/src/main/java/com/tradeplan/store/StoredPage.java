package com.tradeplan.store;

import java.util.List;

/**
 * One page of a trader's plans in a {@link PlanOrder}.
 *
 * @param plans the readable plans of the page, in order
 * @param quarantined the page's documents that could not be read (copied aside, never thrown)
 * @param next the cursor text of the next page ({@link PlanOrder#cursor}); null when this page was
 *     not full, so the last
 */
public record StoredPage(
    List<StoredPlan> plans, List<QuarantinedDocument> quarantined, String next) {
  public StoredPage {
    plans = List.copyOf(plans);
    quarantined = List.copyOf(quarantined);
  }
}
