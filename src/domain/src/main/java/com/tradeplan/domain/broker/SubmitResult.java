package com.tradeplan.domain.broker;

/**
 * What became of a submit or cancel request, as a value: expected refusals are not exceptions.
 * {@code DENIED} is a local risk refusal (the order never left Tradeplan), not a broker rejection,
 * which arrives later as an {@link OrderUpdate}.
 */
public record SubmitResult(Code code, String reason) {
  public enum Code {
    ACCEPTED,
    /** The same orderRef was already sent: nothing was sent again. */
    DUPLICATE,
    DENIED
  }

  public static final SubmitResult ACCEPTED = new SubmitResult(Code.ACCEPTED, null);

  public static SubmitResult denied(String reason) {
    return new SubmitResult(Code.DENIED, reason);
  }

  public static SubmitResult duplicate(String reason) {
    return new SubmitResult(Code.DUPLICATE, reason);
  }

  public boolean accepted() {
    return code == Code.ACCEPTED;
  }
}
