package com.tradeplan.broker.tws;

/**
 * One well-framed message has fields that cannot be read: that message is skipped, not the link.
 */
public class MalformedMessageException extends RuntimeException {
  public MalformedMessageException(String message) {
    super(message);
  }
}
