package com.tradeplan.cluster;

import java.io.Serializable;

/**
 * A call that must run on the member that holds a user (a trader's command, an edit), sent there by
 * {@link ClusterNode#callOnHolder}. It travels by Java serialization, so it carries plain values
 * only (text, numbers), never live objects; the receiving member deserializes only the classes
 * {@link ClusterSerialization#javaSerializationFilter} lists ({@code com.tradeplan.} and the JDK's
 * basic types), and answers a call that needs another one {@link HolderReply.Unavailable}.
 *
 * <p>{@link #call} runs on a Hazelcast executor thread of the holding member, and only after that
 * member checked it holds the user; a throw is answered to the caller as {@link
 * HolderReply.Unavailable} with the exception's text.
 *
 * @param <C> what the holding member registered with {@link ClusterNode#setCallTarget}
 * @param <T> the answer, a serializable value
 */
public interface HolderCall<C, T extends Serializable> extends Serializable {

  /** The user whose holder must run the call. */
  String owner();

  /** Runs on the holding member with its registered target. */
  T call(C target);
}
