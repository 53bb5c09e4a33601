package com.tradeplan.broker.tws;

import java.io.IOException;

/** The byte stream is broken (impossible length): the connection must be closed, not resynced. */
public class MalformedFrameException extends IOException {
  public MalformedFrameException(String message) {
    super(message);
  }
}
