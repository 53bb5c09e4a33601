package com.tradeplan.domain.risk;

import java.time.Instant;
import java.util.Objects;

/**
 * One stored version of one layer's limits: every change is a new version (1, 2, ...) with who made
 * it, when and why; the highest version of a layer is the one in force.
 *
 * @param scopeId the account, user or plan id; {@link LimitScope#PLATFORM_ID} for the platform
 */
public record LimitSetVersion(
    LimitScope scope,
    String scopeId,
    long version,
    RiskLimits limits,
    String changedBy,
    Instant changedAt,
    String why) {
  public LimitSetVersion {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(scopeId, "scopeId");
    Objects.requireNonNull(limits, "limits");
    if (version <= 0) {
      throw new IllegalArgumentException("version must be > 0: " + version);
    }
  }
}
