package com.tradeplan.server.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradeplan.runtime.LogContext;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Writes a problem detail from a servlet filter (before Spring MVC's handlers are reached), with
 * the request's id ({@link ProblemIds}).
 */
public final class ProblemWriter {
  private final ObjectMapper json;

  public ProblemWriter(ObjectMapper json) {
    this.json = json;
  }

  public void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
    if (response.isCommitted()) {
      return;
    }
    response.setStatus(problem.getStatus());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    ProblemIds.stamp(problem, LogContext.requestId());
    response.getOutputStream().write(json.writeValueAsBytes(problem));
    response.flushBuffer();
  }
}
