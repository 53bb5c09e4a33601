package com.tradeplan.server.web;

import com.tradeplan.runtime.LogContext;
import java.util.Map;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.web.servlet.error.DefaultErrorAttributes;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Puts the request's id ({@link RequestIdFilter}) into every problem body as {@value #PROPERTY}, so
 * that a trader who reports an error hands the operator the key to its log lines. Three paths write
 * problems, each covered: Spring MVC's handlers and controllers ({@link #beforeBodyWrite}, called
 * by Spring MVC just before a body is written), the filters' {@link ProblemWriter} ({@link
 * #stamp}), and Boot's error page ({@link ErrorPage}). Never throws.
 */
@RestControllerAdvice
public class ProblemIds implements ResponseBodyAdvice<Object> {
  public static final String PROPERTY = "requestId";

  /** Sets {@value #PROPERTY} on {@code problem} when {@code id} is known; returns the problem. */
  public static ProblemDetail stamp(ProblemDetail problem, String id) {
    if (id != null) {
      problem.setProperty(PROPERTY, id);
    }
    return problem;
  }

  @Override
  public boolean supports(
      MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
    return true;
  }

  @Override
  public Object beforeBodyWrite(
      Object body,
      MethodParameter returnType,
      MediaType selectedContentType,
      Class<? extends HttpMessageConverter<?>> selectedConverterType,
      ServerHttpRequest request,
      ServerHttpResponse response) {
    if (body instanceof ProblemDetail p) {
      String id =
          request instanceof ServletServerHttpRequest s
              ? RequestIdFilter.of(s.getServletRequest())
              : LogContext.requestId();
      stamp(p, id);
    }
    return body;
  }

  /**
   * Boot's error attributes with the request's id: the body of an error that no handler answered
   * (an unknown path, an error in a filter outside the API's own).
   */
  public static final class ErrorPage extends DefaultErrorAttributes {
    @Override
    public Map<String, Object> getErrorAttributes(
        WebRequest request, ErrorAttributeOptions options) {
      Map<String, Object> attributes = super.getErrorAttributes(request, options);
      Object id = request.getAttribute(RequestIdFilter.ATTRIBUTE, WebRequest.SCOPE_REQUEST);
      if (id != null) {
        attributes.put(PROPERTY, id);
      }
      return attributes;
    }
  }
}
