package com.tradeplan.broker.tws;

import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reader's half of an {@link EClientSocket}: decodes each message and calls the wrapper, never
 * throwing (a malformed message or a failing callback is logged and told to the wrapper as
 * skipped), under a {@link ReaderStallWatch} that the heartbeat thread looks at ({@link
 * #checkStall}): a callback stuck for the dead-link bound is told to the wrapper once ({@link
 * EWrapper#readerStalled}), and its return once more ({@link EWrapper#readerResumed}).
 *
 * <p>Threads: {@link #message} and {@link #handle} on the reader thread, {@link #checkStall} on the
 * heartbeat thread, {@link #watch} when a connection is made.
 */
final class Dispatch {
  private static final Logger log = LoggerFactory.getLogger(EClientSocket.class);

  private final EWrapper wrapper;

  /** Until a connection with a Liveness sets its own: a bound no callback reaches. */
  private volatile ReaderStallWatch stall =
      new ReaderStallWatch(System::nanoTime, Duration.ofSeconds(1), Duration.ofDays(365));

  Dispatch(EWrapper wrapper) {
    this.wrapper = wrapper;
  }

  /** The stall watch of the connection just made. */
  void watch(ReaderStallWatch watch) {
    this.stall = watch;
  }

  /** One message under the stall watch; a stall reported for it is reported over on return. */
  void message(byte[] body) {
    ReaderStallWatch watch = stall;
    watch.enter();
    try {
      handle(body);
    } finally {
      String resumed = watch.exit();
      if (resumed != null) {
        log.warn("{}", resumed);
        try {
          wrapper.readerResumed(resumed);
        } catch (RuntimeException e) {
          log.error("readerResumed callback failed", e);
        }
      }
    }
  }

  /** The heartbeat thread's look at {@code reader}: a stall is told once. */
  void checkStall(Thread reader) {
    String stalled = stall.check(reader);
    if (stalled != null) {
      log.error("{}", stalled);
      try {
        wrapper.readerStalled(stalled);
      } catch (RuntimeException e) {
        log.error("readerStalled callback failed", e);
      }
    }
  }

  /** Decodes and dispatches one message; never throws. */
  void handle(byte[] body) {
    List<String> fields = Frames.split(body);
    try {
      MessageDecoder.dispatch(fields, wrapper);
    } catch (MalformedMessageException e) {
      log.warn("malformed message skipped ({}): {}", e.getMessage(), Frames.printable(body, 400));
      skipped(fields, "malformed: " + e.getMessage());
    } catch (RuntimeException e) {
      log.error("callback failed on message {}", Frames.printable(body, 400), e);
      skipped(fields, "callback failed: " + e);
    }
  }

  private void skipped(List<String> fields, String reason) {
    int msgId;
    try {
      msgId = fields.isEmpty() ? -1 : Integer.parseInt(fields.get(0));
    } catch (NumberFormatException e) {
      msgId = -1;
    }
    try {
      wrapper.messageSkipped(msgId, reason);
    } catch (RuntimeException e) {
      log.error("messageSkipped callback failed", e);
    }
  }
}
