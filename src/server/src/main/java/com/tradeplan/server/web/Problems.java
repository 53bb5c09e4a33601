package com.tradeplan.server.web;

import com.tradeplan.domain.plan.FieldError;
import com.tradeplan.runtime.CommandResult;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The RFC 7807 problem details the API answers with. Each kind has a stable {@code type} URI
 * (docs/api.md lists them); a validation problem lists every invalid field in {@code errors}.
 */
public final class Problems {
  private Problems() {}

  public static final String BASE = "urn:tradeplan:problem:";

  public static ProblemDetail of(HttpStatus status, String kind, String detail) {
    ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
    p.setType(URI.create(BASE + kind));
    p.setTitle(status.getReasonPhrase());
    return p;
  }

  /** 422: the input is well-formed JSON but these fields are invalid (all of them). */
  public static ProblemDetail invalid(List<FieldError> errors) {
    ProblemDetail p =
        of(HttpStatus.UNPROCESSABLE_ENTITY, "validation", errors.size() + " invalid field(s)");
    p.setProperty(
        "errors",
        errors.stream().map(e -> Map.of("field", e.field(), "message", e.message())).toList());
    return p;
  }

  /** 400: the request cannot be read at all (malformed JSON, wrong content, bad parameter). */
  public static ProblemDetail badRequest(String detail) {
    return of(HttpStatus.BAD_REQUEST, "bad-request", detail);
  }

  /** 400 naming the fields or parameters at fault. */
  public static ProblemDetail badRequest(String detail, List<FieldError> errors) {
    ProblemDetail p = badRequest(detail);
    p.setProperty(
        "errors",
        errors.stream().map(e -> Map.of("field", e.field(), "message", e.message())).toList());
    return p;
  }

  /**
   * 409: a per-user limit would be passed (the request is valid; the caller's book is full). Names
   * the limit's setting, its value and the caller's count: {@code limit}, {@code value}, {@code
   * count}.
   */
  public static ProblemDetail limitReached(CommandResult.LimitReached<?> l) {
    ProblemDetail p = of(HttpStatus.CONFLICT, "limit-reached", l.reason());
    p.setProperty("limit", l.limit());
    p.setProperty("value", l.value());
    p.setProperty("count", l.count());
    return p;
  }

  /** 404 for a plan that does not exist or is not the caller's: the two are indistinguishable. */
  public static ProblemDetail notFound() {
    return of(HttpStatus.NOT_FOUND, "not-found", "no such plan");
  }
}
