package com.tradeplan.cluster;

/**
 * One answer of {@link ClusterGuard#recordBeforeSend}: member {@code member} was (or was not)
 * allowed to send for {@code owner} at {@code epoch} (-1: held none). {@code timeMillis} is the
 * wall clock read immediately <b>before</b> the right to send was checked: an allowed check ran no
 * later than the heartbeat tolerance after it, since a check after a longer standstill is refused.
 * It is the time to compare with another member's acquire; a time read after the check could land
 * after a freeze between the check and the read, long after the decision.
 */
public record SendDecision(
    long timeMillis,
    String member,
    String owner,
    long epoch,
    boolean allowed,
    ReplicationResult replication) {}
