/**
 * Persistence of trades in MongoDB (docs/persistence.md): {@link com.tradeplan.store.TradeStore},
 * the one door to the trade documents ({@code TradeDocuments}: one versioned document per plan),
 * the send journal ({@code SendJournal}), the append-only event log ({@code EventLog}) and the
 * quarantine of unreadable documents ({@code Quarantine}); {@link com.tradeplan.store.TradeWriter}
 * (the bounded, per-plan ordered write-behind path of the rule threads, and the synchronous
 * order-intent write); {@link com.tradeplan.store.PlanCounts} (read-only counts by status, for
 * metrics); {@link com.tradeplan.store.EmbeddedMongo} and {@link com.tradeplan.store.MongoConfig}
 * (the embedded default or a real deployment through the same driver code).
 *
 * <p>Must never: decide anything about a plan's lifecycle (it stores what the engine decided), use
 * MongoDB sessions or transactions (the embedded server has none), overwrite a document it did not
 * read at the expected version, drop an accepted write, or store money as a double.
 */
package com.tradeplan.store;
