package com.tradeplan.server.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;

/** Ends a request with a problem detail (and optional headers such as Retry-After). */
public final class ApiException extends RuntimeException {
  private final transient ProblemDetail problem;
  private final transient HttpHeaders headers;

  public ApiException(ProblemDetail problem) {
    this(problem, new HttpHeaders());
  }

  public ApiException(ProblemDetail problem, HttpHeaders headers) {
    super(problem.getDetail(), null, false, false);
    this.problem = problem;
    this.headers = headers;
  }

  public ProblemDetail problem() {
    return problem;
  }

  public HttpHeaders headers() {
    return headers;
  }
}
