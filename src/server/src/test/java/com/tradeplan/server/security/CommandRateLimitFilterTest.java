package com.tradeplan.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradeplan.server.web.ProblemWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * A logged-in trader can always flatten: the command rate limit never refuses a flatten (it only
 * reduces a position), while other commands past the limit are 429 (issue 20, security).
 */
class CommandRateLimitFilterTest {
  private final CommandRateLimitFilter filter =
      new CommandRateLimitFilter(
          new TokenBuckets(1, 0.001, 10),
          new ProblemWriter(new ObjectMapper()),
          Counter.builder("limited").register(new SimpleMeterRegistry()));

  @BeforeEach
  void logIn() {
    SecurityContextHolder.getContext()
        .setAuthentication(
            UsernamePasswordAuthenticationToken.authenticated(
                "alice", null, List.of(new SimpleGrantedAuthority("ROLE_TRADER"))));
  }

  @AfterEach
  void logOut() {
    SecurityContextHolder.clearContext();
  }

  @Test
  void aFlattenPassesWhenEveryOtherCommandIsLimited() throws Exception {
    assertThat(post("/api/plans/p1/cancel")).isEqualTo(200);
    assertThat(post("/api/plans/p1/cancel")).as("past the limit").isEqualTo(429);
    for (int i = 0; i < 5; i++) {
      assertThat(post("/api/plans/p1/flatten")).isEqualTo(200);
    }
    assertThat(post("/api/plans/p1/flatten/x")).as("not a flatten").isEqualTo(429);
  }

  private int post(String path) throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
    MockHttpServletResponse response = new MockHttpServletResponse();
    filter.doFilter(request, response, new MockFilterChain());
    return response.getStatus();
  }
}
