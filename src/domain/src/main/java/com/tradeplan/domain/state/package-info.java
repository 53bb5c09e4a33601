/**
 * The resumable per-plan state of lifecycle.md section 7 as a plain immutable value: what the store
 * writes, what the cluster replicates, and what the engine re-inserts to rebuild a session exactly.
 */
package com.tradeplan.domain.state;
