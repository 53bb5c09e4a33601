package com.tradeplan.cluster;

/**
 * What the runtime does when the cluster deploys a rule-set version ({@link
 * ClusterNode#deployRuleSet}). Both callbacks run on the member's one rules thread ({@code
 * tradeplan-cluster-rules}), one at a time, in the order the cluster announced them.
 */
public interface RuleSetListener {
  /**
   * Loads and compiles version {@code number} so that it can be used at once once deployed. Fires
   * on every member when a deploy is proposed. Returns null when ready, or why not (then the deploy
   * is refused everywhere and nothing switches). A throw counts as "not ready", its message the
   * reason.
   */
  String prepare(int number);

  /**
   * Version {@code number} is the deployed version now, cluster-wide. Fires on every member after
   * every member was ready. A throw is logged; the deployed version is the cluster's in any case
   * ({@link ClusterNode#deployedRuleSet}).
   */
  void deployed(int number);
}
