package com.tradeplan.cluster;

/**
 * What became of a {@link ClusterNode#replicate} call. Only {@link Outcome#REPLICATED} means "the
 * snapshots are on the owner and every sync backup": anything else means the caller must not send
 * the orders those snapshots record.
 */
public record ReplicationResult(Outcome outcome, String detail) {
  public enum Outcome {
    /** Written (or already there, identical) on the partition owner and its sync backups. */
    REPLICATED,
    /** This member does not hold the user's lease: another member runs the user, or nobody yet. */
    NOT_HOLDER,
    /** The entry's epoch or holder moved on: this member lost the user; it must stop. */
    FENCED,
    /** A snapshot was older than (or conflicted with) the replicated one: nothing was written. */
    STALE_VERSION,
    /** Split-brain protection: this side of the cluster is too small to write. Nothing written. */
    NO_QUORUM,
    /**
     * Possibly written, possibly not (a backup did not answer, or the call timed out). Treat the
     * orders as possibly sent: do not send them; reconcile with the broker by orderRef first.
     */
    INDETERMINATE,
    /** Refused for another reason (wrong owner of a plan, member shutting down). Not written. */
    FAILED
  }

  public boolean ok() {
    return outcome == Outcome.REPLICATED;
  }

  static ReplicationResult replicated() {
    return new ReplicationResult(Outcome.REPLICATED, "");
  }

  static ReplicationResult of(Outcome outcome, String detail) {
    return new ReplicationResult(outcome, detail);
  }
}
