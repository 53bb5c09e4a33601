package com.tradeplan.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

class MetricsScrapeTokenTest {
  private static final String TOKEN = "0123456789abcdef0123456789abcdef-scrape";

  @AfterEach
  void clear() {
    SecurityContextHolder.clearContext();
  }

  /** What the rest of the chain saw: the request and the authentication. */
  private record Seen(HttpServletRequest request, Authentication authentication) {}

  private static Seen run(MetricsScrapeToken filter, MockHttpServletRequest request)
      throws Exception {
    AtomicReference<Seen> seen = new AtomicReference<>();
    filter.doFilter(
        request,
        new MockHttpServletResponse(),
        (req, res) ->
            seen.set(
                new Seen(
                    (HttpServletRequest) req,
                    SecurityContextHolder.getContext().getAuthentication())));
    return seen.get();
  }

  private static MockHttpServletRequest get(String path, String token) {
    MockHttpServletRequest r = new MockHttpServletRequest("GET", path);
    if (token != null) {
      r.addHeader("Authorization", "Bearer " + token);
    }
    return r;
  }

  private static MetricsScrapeToken filter(Path dir) throws Exception {
    Path file = dir.resolve("metrics_token");
    Files.writeString(file, TOKEN + "\n");
    return MetricsScrapeToken.fromFile(file.toString());
  }

  @Test
  void theTokenOpensTheMetricsEndpointWithItsOwnAuthorityAndIsConsumed(@TempDir Path dir)
      throws Exception {
    Seen seen = run(filter(dir), get("/actuator/prometheus", TOKEN));
    assertThat(seen.authentication().getAuthorities())
        .extracting(Object::toString)
        .containsExactly(MetricsScrapeToken.AUTHORITY);
    assertThat(seen.request().getHeader("Authorization")).isNull();
    assertThat(Collections.list(seen.request().getHeaderNames())).doesNotContain("Authorization");
  }

  @Test
  void anyOtherRequestPassesUntouched(@TempDir Path dir) throws Exception {
    MetricsScrapeToken f = filter(dir);
    for (MockHttpServletRequest r :
        new MockHttpServletRequest[] {
          get("/actuator/prometheus", "a-session-token-of-an-operator"),
          get("/api/ops/platform", TOKEN),
          get("/actuator/prometheus", null),
          new MockHttpServletRequest("POST", "/actuator/prometheus")
        }) {
      String header = r.getHeader("Authorization");
      Seen seen = run(f, r);
      assertThat(seen.authentication()).as("%s %s", r.getMethod(), r.getRequestURI()).isNull();
      assertThat(seen.request().getHeader("Authorization")).isEqualTo(header);
    }
  }

  @Test
  void withoutAFileNothingIsOpened() throws Exception {
    MetricsScrapeToken off = MetricsScrapeToken.fromFile(null);
    assertThat(off.enabled()).isFalse();
    assertThat(run(off, get("/actuator/prometheus", TOKEN)).authentication()).isNull();
  }

  @Test
  void aShortOrUnreadableTokenStopsTheStartNamingTheVariable(@TempDir Path dir) throws Exception {
    Path shortToken = dir.resolve("short");
    Files.writeString(shortToken, "too-short");
    assertThatThrownBy(() -> MetricsScrapeToken.fromFile(shortToken.toString()))
        .hasMessageContaining("TRADEPLAN_METRICS_TOKEN_FILE")
        .hasMessageContaining("at least 32")
        .hasMessageNotContaining("too-short");
    assertThatThrownBy(() -> MetricsScrapeToken.fromFile(dir.resolve("missing").toString()))
        .hasMessageContaining("TRADEPLAN_METRICS_TOKEN_FILE: cannot read");
  }
}
