package com.tradeplan.store;

/**
 * What a conditional update did. On {@link Outcome#CONFLICT} nothing was written: another writer
 * moved the document to {@code storedVersion} first, and the caller must reload and re-apply its
 * change to that fresh state.
 *
 * @param storedVersion the document's version after the call: the new one when updated, the other
 *     writer's on a conflict, -1 when there is no document
 */
public record UpdateResult(Outcome outcome, long storedVersion) {
  /** The possible outcomes. */
  public enum Outcome {
    UPDATED,
    /** The stored version was not the expected one: a lost race, nothing written. */
    CONFLICT,
    /** No trade document with this plan id. */
    NOT_FOUND
  }

  public boolean updated() {
    return outcome == Outcome.UPDATED;
  }
}
