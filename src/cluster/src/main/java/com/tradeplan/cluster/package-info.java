/**
 * The Hazelcast cluster: which member runs which user, the replicated per-plan state, and the
 * decision whether this member may send a user's orders.
 *
 * <ul>
 *   <li>{@link com.tradeplan.cluster.ClusterConfig} reads {@code TRADEPLAN_CLUSTER_*} and builds
 *       the embedded member's configuration (TCP-IP join only, sync backups, split-brain
 *       protection, one listening interface); {@code ClusterSecret} derives the Hazelcast cluster
 *       name from the shared secret, and {@link com.tradeplan.cluster.ClusterSerialization} names
 *       what a member may deserialize.
 *   <li>{@link com.tradeplan.cluster.ClusterNode} runs the member and is all the runtime talks to:
 *       ownership by the partition of the user's account (every user of one account on one member:
 *       {@code UserKeys}, {@code Placements}), a fenced lease (epoch) per user, {@code
 *       onAcquire}/{@code onRelease} callbacks, replication through entry processors with a version
 *       check, market-data demand, calls on a user's holder. It delegates to package-private parts
 *       with one job each: {@code UserLeases} (the users held, acquire and release), {@code
 *       OwnershipThread} (the single writer of the holdings and the order of an ownership pass),
 *       {@code Replication} (writes, reads and their outcomes), {@code PauseDetector}, {@code
 *       QuorumWatch}, {@code LocalMember} and {@code ClusterEvents}. It also carries the
 *       cluster-wide notices of the runtime: rule-set deploys ({@code RuleSetDeployments}) and
 *       risk-limit changes ({@code RiskLimitsNotices}: only the store's change number, never the
 *       limits).
 *   <li>{@link com.tradeplan.cluster.ClusterGuard} is the send decision the runtime calls from
 *       {@code EngineListener.recordBeforeSend}.
 * </ul>
 *
 * <p>Must never: replicate a KieSession (it replicates {@code PlanSnapshot} facts); change the
 * replicated map with get/modify/put (only entry processors, atomic on the partition owner); let a
 * member send for a user whose current epoch it does not hold; let a user have two open entries (a
 * move seals the old one first); treat an indeterminate write as "not written"; hand the Hazelcast
 * instance to another module; listen on every interface, log the cluster secret, or deserialize a
 * class outside {@code ClusterSerialization}'s list; carry risk limits themselves (the store holds
 * them; a notice says only how far to read). See docs/cluster.md.
 */
package com.tradeplan.cluster;
