package com.tradeplan.store;

/**
 * A stored document that cannot be read back as the value it should hold: a field missing, of the
 * wrong type, or out of range. Thrown by the codecs; the store catches it, reports the plan id and
 * quarantines the document instead of failing a whole load.
 */
public final class BadDocumentException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BadDocumentException(String message) {
    super(message);
  }

  public BadDocumentException(String message, Throwable cause) {
    super(message, cause);
  }
}
