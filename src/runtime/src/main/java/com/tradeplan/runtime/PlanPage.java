package com.tradeplan.runtime;

import java.util.List;

/**
 * One page of a trader's plans, by plan id.
 *
 * @param plans at most the page size asked for
 * @param next the id to ask the next page after; null when this page is the last
 */
public record PlanPage(List<PlanView> plans, String next) {
  public PlanPage {
    plans = List.copyOf(plans);
  }
}
