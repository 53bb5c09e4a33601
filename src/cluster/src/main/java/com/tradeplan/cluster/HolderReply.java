package com.tradeplan.cluster;

import java.io.Serializable;

/**
 * What {@link ClusterNode#callOnHolder} brings back: the holder's answer, or why there is none (no
 * member holds the user right now, a take-over is in progress, the member did not answer in time).
 * The caller decides whether to retry; nothing here is retried.
 */
public sealed interface HolderReply<T extends Serializable> extends Serializable {

  /** The holding member ran the call and answered. */
  record Answered<T extends Serializable>(T answer) implements HolderReply<T> {}

  /** No answer: the reason is a sentence for the trader or operator. */
  record Unavailable<T extends Serializable>(String reason) implements HolderReply<T> {}
}
