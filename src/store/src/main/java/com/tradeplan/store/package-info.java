/**
 * Everything Tradeplan keeps in MongoDB, and the only package that talks to it
 * (docs/persistence.md): no class outside it sees a {@code com.mongodb} or {@code org.bson} type.
 *
 * <ul>
 *   <li>Trades: {@link com.tradeplan.store.TradeStore}, the one door to the trade documents ({@code
 *       TradeDocuments}: one versioned document per plan), the send journal ({@code SendJournal}),
 *       the append-only event log ({@code EventLog}) and the quarantine of unreadable documents
 *       ({@code Quarantine}); {@link com.tradeplan.store.TradeWriter}, the bounded, per-plan
 *       ordered write-behind path of the rule threads and the synchronous order-intent write
 *       ({@code WriterLane}, {@code PlanBatchWriter}, {@code IntentBulk} behind it); {@link
 *       com.tradeplan.store.PlanCounts}, read-only counts by status for metrics.
 *   <li>The server's own collections, as typed repositories: {@link
 *       com.tradeplan.store.UserRepository}, {@link com.tradeplan.store.SessionRepository}, {@link
 *       com.tradeplan.store.IdempotencyRepository}, {@link com.tradeplan.store.AdminAuditLog},
 *       {@link com.tradeplan.store.KillSwitchRecords} (the engaged kill switches). They store what
 *       the server decided (password hashes, token hashes, answers); the decisions (who may log in,
 *       what a replayed request gets) stay in the server.
 *   <li>Read models kept for the charts: {@link com.tradeplan.store.ChartHistory} (each plan's
 *       levels over time, capped per plan, and each trader's P&amp;L minutes of the day).
 *   <li>The connection: {@link com.tradeplan.store.MongoConfig} ({@code MONGODB_URI} or the
 *       embedded default, write concern, timeouts) and its {@code MongoConnection}, on which every
 *       class above is opened; {@link com.tradeplan.store.EmbeddedMongo}, the embedded server.
 *   <li>The whole store to and from a backup directory: {@link com.tradeplan.store.StoreBackup},
 *       {@link com.tradeplan.store.StoreRestore} (all or nothing), {@link
 *       com.tradeplan.store.BackupManifest}; {@link com.tradeplan.store.StoreClients}, whether a
 *       deployment has platform connections open.
 * </ul>
 *
 * <p>Must never: decide anything about a plan's lifecycle (it stores what the engine decided), use
 * MongoDB sessions or transactions (the embedded server has none), overwrite a document it did not
 * read at the expected version (a restore writes only into an empty store), drop an accepted write,
 * store money as a double, or hand a MongoDB or BSON type to a caller.
 */
package com.tradeplan.store;
