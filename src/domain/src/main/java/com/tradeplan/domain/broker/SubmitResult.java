package com.tradeplan.domain.broker;

/**
 * What became of a submit or cancel request, as a value: expected refusals are not exceptions.
 * {@code DENIED} is a local risk refusal (the order never left Tradeplan), not a broker rejection,
 * which arrives later as an {@link OrderUpdate}. An ACCEPTED order's {@code reason} is null when it
 * goes as the engine asked, and otherwise says how the broker moved its prices at the send ({@link
 * #sentAs}), which the engine records in the plan's history.
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

  /**
   * Accepted, but sent at other prices than asked (an IB price moved onto its tick grid): {@code
   * how} says which price, from what to what, and why, e.g. {@code stop 101.0003 sent as 101.00
   * (rounded down): tick 0.01 at this price}.
   */
  public static SubmitResult sentAs(String how) {
    return new SubmitResult(Code.ACCEPTED, java.util.Objects.requireNonNull(how, "how"));
  }

  public static SubmitResult duplicate(String reason) {
    return new SubmitResult(Code.DUPLICATE, reason);
  }

  public boolean accepted() {
    return code == Code.ACCEPTED;
  }

  /** How an accepted order's prices were moved at the send; null when it went as asked. */
  public String adjustment() {
    return code == Code.ACCEPTED ? reason : null;
  }
}
