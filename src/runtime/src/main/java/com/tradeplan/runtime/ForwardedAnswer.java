package com.tradeplan.runtime;

import com.tradeplan.domain.plan.FieldError;
import java.io.Serializable;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The answer of a trader command run on the member holding the user ({@link ForwardedCommand},
 * {@link ForwardedEdit}), as it travels back: the outcome, its reason, and for {@code INVALID} the
 * field errors. The plan view itself is not sent: the caller reads it from the store, which the
 * holder has written before answering.
 *
 * @param outcome what happened
 * @param reason the refusal, conflict or unavailability, as a sentence ("" when none)
 * @param errors the failing fields of an {@code INVALID} answer, else empty
 */
record ForwardedAnswer(Outcome outcome, String reason, List<Error> errors) implements Serializable {

  enum Outcome {
    OK,
    NOT_FOUND,
    CONFLICT,
    REFUSED,
    INVALID,
    UNAVAILABLE
  }

  /** One failing field (a serializable copy of {@link FieldError}). */
  record Error(String field, String message) implements Serializable {}

  ForwardedAnswer {
    errors = List.copyOf(errors);
  }

  /** The answer of a command's result on the holding member. */
  static ForwardedAnswer of(CommandResult<PlanView> result) {
    if (result instanceof CommandResult.Ok<PlanView>) {
      return new ForwardedAnswer(Outcome.OK, "", List.of());
    } else if (result instanceof CommandResult.NotFound<PlanView>) {
      return new ForwardedAnswer(Outcome.NOT_FOUND, "", List.of());
    } else if (result instanceof CommandResult.Conflict<PlanView> c) {
      return new ForwardedAnswer(Outcome.CONFLICT, c.reason(), List.of());
    } else if (result instanceof CommandResult.Refused<PlanView> r) {
      return new ForwardedAnswer(Outcome.REFUSED, r.reason(), List.of());
    } else if (result instanceof CommandResult.Invalid<PlanView> inv) {
      return new ForwardedAnswer(
          Outcome.INVALID,
          "",
          inv.errors().stream().map(e -> new Error(e.field(), e.message())).toList());
    } else if (result instanceof CommandResult.Unavailable<PlanView> u) {
      return new ForwardedAnswer(Outcome.UNAVAILABLE, u.reason(), List.of());
    } else if (result instanceof CommandResult.LimitReached<PlanView> l) {
      // Limits are checked where a plan is created or activated, never on a forwarded command.
      return new ForwardedAnswer(Outcome.REFUSED, l.reason(), List.of());
    }
    throw new IllegalArgumentException("not a command result: " + result);
  }

  /** The field errors of an {@code INVALID} answer. */
  List<FieldError> fieldErrors() {
    return errors.stream().map(e -> new FieldError(e.field(), e.message())).toList();
  }

  /** The result for the caller; an {@code OK} reads the plan as {@code view} finds it now. */
  CommandResult<PlanView> toResult(Supplier<Optional<PlanView>> view) {
    return switch (outcome) {
      case OK ->
          view.get()
              .<CommandResult<PlanView>>map(CommandResult.Ok::new)
              .orElseGet(CommandResult.NotFound::new);
      case NOT_FOUND -> new CommandResult.NotFound<>();
      case CONFLICT -> new CommandResult.Conflict<>(reason);
      case REFUSED -> new CommandResult.Refused<>(reason);
      case INVALID -> new CommandResult.Invalid<>(fieldErrors());
      case UNAVAILABLE -> new CommandResult.Unavailable<>(reason);
    };
  }
}
