package com.tradeplan.server.analysis;

import java.time.Instant;

/**
 * An incident replay: whose recording ({@code owner}), the window of a past live day ({@code from},
 * {@code to}; null: the whole recording), and the rule-set version to replay under (null: each
 * plan's recorded version).
 */
public record ReplayRequest(String owner, Instant from, Instant to, Integer ruleVersion) {}
