package com.tradeplan.store;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.model.Updates;

/**
 * Breaks stored trade documents on purpose, for tests (here and in the modules above, through this
 * module's test jar) of what happens to a document the store cannot read: the same damage a bad
 * migration or a hand edit would do, without the test touching MongoDB itself.
 */
public final class TradeDocumentFaults {
  private TradeDocumentFaults() {}

  /**
   * Removes the field at {@code path} (dotted, such as {@code state.position}) of a plan's
   * document.
   */
  public static void remove(MongoConfig.MongoConnection store, String planId, String path) {
    store
        .database()
        .getCollection(TradeStore.TRADES)
        .updateOne(eq("_id", planId), Updates.unset(path));
  }

  /** Sets the field at {@code path} of a plan's document to {@code value}, whatever its type. */
  public static void set(
      MongoConfig.MongoConnection store, String planId, String path, Object value) {
    store
        .database()
        .getCollection(TradeStore.TRADES)
        .updateOne(eq("_id", planId), Updates.set(path, value));
  }
}
