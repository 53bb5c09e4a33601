package com.tradeplan.store;

/**
 * A stored document that could not be read, copied to the {@code quarantine} collection: which
 * plan, from which collection, and why.
 */
public record QuarantinedDocument(String planId, String collection, String reason) {}
