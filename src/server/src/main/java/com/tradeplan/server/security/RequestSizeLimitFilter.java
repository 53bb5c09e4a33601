package com.tradeplan.server.security;

import com.tradeplan.server.web.ProblemWriter;
import com.tradeplan.server.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A bound on request bodies ({@code tradeplan.security.max-body-bytes}, 64 KiB by default: a plan
 * is well under 2 KiB). A declared Content-Length over the bound is answered 413 before anything is
 * read; a chunked body is cut off at the bound and the request fails with 413 too.
 */
public final class RequestSizeLimitFilter extends OncePerRequestFilter {
  private final long defaultMaxBytes;
  private final ProblemWriter problems;
  private final Map<String, Long> uploadMaxBytes;

  public RequestSizeLimitFilter(long maxBytes, ProblemWriter problems) {
    this(maxBytes, problems, Map.of());
  }

  /**
   * The same bound, but {@code uploadMaxBytes} for requests under {@code uploadPrefix} (the
   * analysts' file uploads, {@code /api/analysis/}: a tick file is megabytes).
   */
  public RequestSizeLimitFilter(
      long maxBytes, ProblemWriter problems, String uploadPrefix, long uploadMaxBytes) {
    this(maxBytes, problems, Map.of(uploadPrefix, uploadMaxBytes));
  }

  /**
   * The same bound, but for requests under one of {@code uploadMaxBytes}' path prefixes its bound
   * (the analysts' file uploads, {@code /api/analysis/}; rule-set drafts with attached scenarios
   * and reference tick files, {@code /api/rules/versions}). Prefixes must not overlap.
   */
  public RequestSizeLimitFilter(
      long maxBytes, ProblemWriter problems, Map<String, Long> uploadMaxBytes) {
    this.defaultMaxBytes = maxBytes;
    this.problems = problems;
    this.uploadMaxBytes = Map.copyOf(uploadMaxBytes);
  }

  /** Thrown when a body without a declared length runs past the bound. */
  public static final class BodyTooLargeException extends IOException {
    BodyTooLargeException() {
      super("request body too large");
    }
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long maxBytes = defaultMaxBytes;
    for (Map.Entry<String, Long> upload : uploadMaxBytes.entrySet()) {
      if (request.getRequestURI().startsWith(upload.getKey())) {
        maxBytes = upload.getValue();
      }
    }
    if (request.getContentLengthLong() > maxBytes) {
      tooLarge(response, maxBytes);
      return;
    }
    try {
      chain.doFilter(new Bounded(request, maxBytes), response);
    } catch (ServletException | IOException | RuntimeException e) {
      if (causedByTooLarge(e)) {
        tooLarge(response, maxBytes);
        return;
      }
      throw e;
    }
  }

  private static boolean causedByTooLarge(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BodyTooLargeException) {
        return true;
      }
    }
    return false;
  }

  private void tooLarge(HttpServletResponse response, long maxBytes) throws IOException {
    response.setHeader("Connection", "close");
    problems.write(
        response,
        Problems.of(
            HttpStatus.PAYLOAD_TOO_LARGE,
            "too-large",
            "request body larger than " + maxBytes + " bytes"));
  }

  private static final class Bounded extends HttpServletRequestWrapper {
    private final long maxBytes;
    private ServletInputStream stream;

    Bounded(HttpServletRequest request, long maxBytes) {
      super(request);
      this.maxBytes = maxBytes;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        ServletInputStream in = super.getInputStream();
        stream =
            new ServletInputStream() {
              long read;

              @Override
              public int read() throws IOException {
                int b = in.read();
                if (b >= 0 && ++read > maxBytes) {
                  throw new BodyTooLargeException();
                }
                return b;
              }

              @Override
              public int read(byte[] buf, int off, int len) throws IOException {
                int n = in.read(buf, off, len);
                if (n > 0 && (read += n) > maxBytes) {
                  throw new BodyTooLargeException();
                }
                return n;
              }

              @Override
              public boolean isFinished() {
                return in.isFinished();
              }

              @Override
              public boolean isReady() {
                return in.isReady();
              }

              @Override
              public void setReadListener(ReadListener listener) {
                in.setReadListener(listener);
              }
            };
      }
      return stream;
    }
  }
}
