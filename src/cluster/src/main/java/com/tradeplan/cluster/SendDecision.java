package com.tradeplan.cluster;

/**
 * One answer of {@link ClusterGuard#recordBeforeSend}: at {@code timeMillis}, member {@code member}
 * was (or was not) allowed to send for {@code owner} at {@code epoch} (-1: held none).
 */
public record SendDecision(
    long timeMillis,
    String member,
    String owner,
    long epoch,
    boolean allowed,
    ReplicationResult replication) {}
