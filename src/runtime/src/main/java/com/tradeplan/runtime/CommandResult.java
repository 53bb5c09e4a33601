package com.tradeplan.runtime;

import com.tradeplan.domain.plan.FieldError;
import java.util.List;

/**
 * The outcome of a trader command, as a value: expected refusals are not exceptions. {@code
 * NotFound} is also the answer for another user's plan (never reveal that it exists).
 */
public sealed interface CommandResult<T> {
  record Ok<T>(T value) implements CommandResult<T> {}

  /** The input failed validation: every failing field with its reason; nothing was stored. */
  record Invalid<T>(List<FieldError> errors) implements CommandResult<T> {}

  record NotFound<T>() implements CommandResult<T> {}

  /** The plan changed since the version the caller saw (optimistic concurrency). */
  record Conflict<T>(String reason) implements CommandResult<T> {}

  /** The command does not fit the plan's status (cancel a closed trade, edit a live one, ...). */
  record Refused<T>(String reason) implements CommandResult<T> {}

  /**
   * A per-user limit would be passed: nothing was stored or changed. Names the limit (its setting),
   * its value and the user's count that reached it.
   */
  record LimitReached<T>(String limit, long value, long count, String reason)
      implements CommandResult<T> {}

  /** The platform cannot take commands now (store unreachable, minority side of a split). */
  record Unavailable<T>(String reason) implements CommandResult<T> {}
}
