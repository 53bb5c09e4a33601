package com.tradeplan.engine.facts;

import java.util.List;

/**
 * The stop and target facts a trader's change of exits made, changed or took away, for the rule
 * that carried it out to insert, update and delete in its session (a consequence is the only place
 * a fact may enter or leave it).
 */
public record ChangedFacts(List<Object> inserted, List<Object> updated, List<Object> deleted) {
  public ChangedFacts {
    inserted = List.copyOf(inserted);
    updated = List.copyOf(updated);
    deleted = List.copyOf(deleted);
  }
}
