package com.tradeplan.server.web;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every error into an RFC 7807 problem detail. Spring MVC's own exceptions (unsupported media
 * type, missing parameter, ...) come out of {@link ResponseEntityExceptionHandler}; an unexpected
 * exception is a 500 whose detail says nothing about the server's insides (it is logged with the
 * request path, never with the body, which may hold secrets).
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ApiExceptionHandler.class);

  @ExceptionHandler(ApiException.class)
  ResponseEntity<ProblemDetail> api(ApiException e) {
    return ResponseEntity.status(e.problem().getStatus()).headers(e.headers()).body(e.problem());
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
    return ResponseEntity.badRequest()
        .body(Problems.badRequest("parameter '" + e.getName() + "' has the wrong type"));
  }

  @ExceptionHandler({AccessDeniedException.class, AuthenticationException.class})
  void security(RuntimeException e) {
    throw e; // Spring Security's entry point and access-denied handler answer these
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
    LOG.error("unexpected error on {} {}", request.getMethod(), request.getRequestURI(), e);
    return ResponseEntity.internalServerError()
        .body(
            Problems.of(
                HttpStatus.INTERNAL_SERVER_ERROR, "internal", "unexpected error; see server log"));
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof com.tradeplan.server.security.RequestSizeLimitFilter.BodyTooLargeException) {
        return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE)
            .header(HttpHeaders.CONNECTION, "close")
            .body(Problems.of(HttpStatus.PAYLOAD_TOO_LARGE, "too-large", "request body too large"));
      }
    }
    return ResponseEntity.badRequest()
        .body(Problems.badRequest("the request body is not valid JSON of the expected shape"));
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      org.springframework.web.bind.MethodArgumentNotValidException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    java.util.List<com.tradeplan.domain.plan.FieldError> errors =
        ex.getBindingResult().getFieldErrors().stream()
            .map(
                f ->
                    new com.tradeplan.domain.plan.FieldError(
                        f.getField(),
                        f.getDefaultMessage() == null ? "is invalid" : f.getDefaultMessage()))
            .toList();
    return ResponseEntity.unprocessableEntity().body(Problems.invalid(errors));
  }

  @Override
  protected ResponseEntity<Object> createResponseEntity(
      Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
    if (body instanceof ProblemDetail p
        && p.getType() != null
        && "about:blank".equals(p.getType().toString())) {
      p.setType(java.net.URI.create(Problems.BASE + "http-" + statusCode.value()));
    }
    return super.createResponseEntity(body, headers, statusCode, request);
  }
}
