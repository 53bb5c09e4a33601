/**
 * The resumable per-plan state of lifecycle.md section 7 as a plain immutable value: what the store
 * writes, what the cluster replicates, and what the engine re-inserts to rebuild a session exactly.
 *
 * <p>It must never hold behaviour beyond copying with one part changed (the withers): what a state
 * means is the engine's and the rules'.
 */
package com.tradeplan.domain.state;
