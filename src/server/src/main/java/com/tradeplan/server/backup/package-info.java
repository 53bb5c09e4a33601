/**
 * {@code ./tradeplan backup} and {@code ./tradeplan restore} (docs/operations.md, "Backups"): the
 * command line around the store's {@code StoreBackup} and {@code StoreRestore}, and the check that
 * no platform is running against the store.
 *
 * <p>It must never run beside a platform on the same store (a backup would not be consistent, a
 * restore would write under a running engine), never print a password or a connection string's
 * credentials, and never write into the store before the whole backup has been checked.
 */
package com.tradeplan.server.backup;
