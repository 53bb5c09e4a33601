package com.tradeplan.server.security;

/** What a user may do. Each endpoint names the roles it needs (docs/security.md). */
public enum Role {
  /** Creates, activates, watches, cancels and flattens their own plans. */
  TRADER,
  /** Reads, validates and deploys rule sets. */
  STRATEGY_ADMIN,
  /** Replays tick files and reads reports. */
  ANALYST,
  /** Runs the platform: health, metrics, users. */
  OPERATOR;

  /** The Spring Security authority of this role. */
  public String authority() {
    return "ROLE_" + name();
  }
}
