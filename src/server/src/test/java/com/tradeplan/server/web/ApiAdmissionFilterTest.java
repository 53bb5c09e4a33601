package com.tradeplan.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * Admission control of the API with a chain the test controls: requests held in flight on a latch
 * fill the bound, the next one is refused with 503 and never reaches the chain, protective actions
 * pass anyway, and a permit comes back whatever the chain throws.
 */
class ApiAdmissionFilterTest {
  /** Spring's mapper, as the server's: it writes a problem's properties at the top level. */
  private static final ObjectMapper JSON = Jackson2ObjectMapperBuilder.json().build();

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final ApiAdmission admission =
      new ApiAdmission(2, Duration.ZERO, meters, System::nanoTime);
  private final ApiAdmissionFilter filter =
      new ApiAdmissionFilter(admission, new ProblemWriter(JSON));

  @Test
  void pastTheLimitARequestIsRefusedWith503AndNothingOfItRuns() throws Exception {
    CountDownLatch entered = new CountDownLatch(2);
    CountDownLatch release = new CountDownLatch(1);
    List<Thread> held = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Thread t =
          new Thread(
              () -> {
                try {
                  run(
                      "GET",
                      "/api/plans",
                      (req, res) -> {
                        entered.countDown();
                        awaitLatch(release);
                      });
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      t.start();
      held.add(t);
    }
    assertThat(entered.await(30, TimeUnit.SECONDS)).as("two requests in flight").isTrue();
    assertThat(admission.inFlight()).isEqualTo(2);

    AtomicBoolean ran = new AtomicBoolean();
    MockHttpServletResponse refused = run("POST", "/api/plans", (req, res) -> ran.set(true));

    assertThat(ran).as("the refused command never reached the API").isFalse();
    assertThat(refused.getStatus()).isEqualTo(503);
    assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
    assertThat(refused.getContentType()).isEqualTo("application/problem+json");
    JsonNode body = JSON.readTree(refused.getContentAsByteArray());
    assertThat(body.get("type").asText()).isEqualTo("urn:tradeplan:problem:api-busy");
    assertThat(body.get("status").asInt()).isEqualTo(503);
    assertThat(body.get("limit").asText()).isEqualTo("tradeplan.api.max-in-flight");
    assertThat(body.get("value").asInt()).isEqualTo(2);
    assertThat(body.get("detail").asText())
        .contains("limit of 2 API requests at once", "nothing was done", "retry after 1 s");
    assertThat(meters.get("tradeplan.api.requests.refused").counter().count()).isEqualTo(1);
    assertThat(meters.get("tradeplan.api.in.flight").gauge().value()).isEqualTo(2);

    release.countDown();
    for (Thread t : held) {
      t.join();
    }
    assertThat(admission.inFlight()).isZero();
    assertThat(run("POST", "/api/plans", (req, res) -> ran.set(true)).getStatus()).isEqualTo(200);
    assertThat(ran).isTrue();
    assertThat(meters.get("tradeplan.api.requests.admitted").counter().count()).isEqualTo(3);
  }

  @Test
  void protectiveActionsAndProbesPassWhileTheLimitIsFull() throws Exception {
    assertThat(admission.tryEnter()).isTrue();
    assertThat(admission.tryEnter()).isTrue();

    for (String[] exempt :
        new String[][] {
          {"POST", "/api/kill-switch/engage"},
          {"POST", "/api/kill-switch/release"},
          {"GET", "/api/kill-switch"},
          {"POST", "/api/plans/p1/flatten"},
          {"POST", "/api/plans/p1/cancel"},
          {"POST", "/api/ops/reconciliation/flatten"},
          {"GET", "/actuator/health/liveness"},
          {"GET", "/actuator/health/readiness"},
          {"GET", "/actuator/prometheus"},
          {"GET", "/ws"},
          {"GET", "/assets/app.js"}
        }) {
      AtomicBoolean ran = new AtomicBoolean();
      MockHttpServletResponse r = run(exempt[0], exempt[1], (req, res) -> ran.set(true));
      assertThat(ran).as("%s %s", exempt[0], exempt[1]).isTrue();
      assertThat(r.getStatus()).isEqualTo(200);
    }
    for (String[] admitted :
        new String[][] {
          {"POST", "/api/plans"},
          {"GET", "/api/plans"},
          {"POST", "/api/plans/p1/activate"},
          {"POST", "/api/plans/p1/exits"},
          {"PUT", "/api/plans/p1"},
          {"GET", "/api/plans/p1/flatten"},
          {"POST", "/api/plans/p1/x/flatten"},
          {"POST", "/api/plans//flatten"},
          {"POST", "/api/plans/flatten"},
          {"POST", "/api/ops/reconciliation/adopt"},
          {"POST", "/api/auth/login"},
          {"POST", "/api/kill-switchx"}
        }) {
      AtomicBoolean ran = new AtomicBoolean();
      MockHttpServletResponse r = run(admitted[0], admitted[1], (req, res) -> ran.set(true));
      assertThat(ran).as("%s %s", admitted[0], admitted[1]).isFalse();
      assertThat(r.getStatus()).isEqualTo(503);
    }
    assertThat(admission.inFlight()).as("exempt requests hold no permit").isEqualTo(2);
  }

  @Test
  void aPermitComesBackWhateverTheChainThrows() throws Exception {
    for (int i = 0; i < 100; i++) {
      int kind = i % 4;
      assertThatThrownBy(
              () ->
                  run(
                      "POST",
                      "/api/plans",
                      (req, res) -> {
                        switch (kind) {
                          case 0 -> throw new IllegalStateException("boom");
                          case 1 -> throw new IOException("client went away");
                          case 2 -> throw new ServletException("handler failed");
                          default -> throw new StackOverflowError();
                        }
                      }))
          .isNotNull();
    }
    for (int i = 0; i < 100; i++) {
      MockHttpServletResponse r =
          run("POST", "/api/plans", (req, res) -> ((MockHttpServletResponse) res).setStatus(500));
      assertThat(r.getStatus()).isEqualTo(500);
    }
    assertThat(admission.inFlight()).as("no permit leaked").isZero();
    assertThat(admission.tryEnter()).isTrue();
    assertThat(admission.tryEnter()).isTrue();
    assertThat(admission.tryEnter()).as("the bound is still 2").isFalse();
  }

  @Test
  void refusingLogsWhenItStartsThenAtMostEveryTenSeconds() {
    AtomicLong now = new AtomicLong(1_000_000_000L);
    ApiAdmission a = new ApiAdmission(1, Duration.ZERO, new SimpleMeterRegistry(), now::get);
    int lines = 0;
    for (int i = 0; i < 1_000; i++) {
      lines += a.refused() ? 1 : 0;
    }
    assertThat(lines).as("the first refusal logs, the next 999 in the same second not").isOne();
    now.addAndGet(Duration.ofSeconds(9).toNanos());
    assertThat(a.refused()).isFalse();
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(a.refused()).isTrue();
    assertThat(a.refused()).isFalse();
  }

  @Test
  void theSettingsAreCheckedAndTheDefaultFollowsTheCores() {
    assertThat(ApiAdmission.limitOf("", 2)).isEqualTo(8);
    assertThat(ApiAdmission.limitOf(null, 16)).isEqualTo(64);
    assertThat(ApiAdmission.limitOf("", 1)).isEqualTo(4);
    assertThat(ApiAdmission.limitOf(" 3 ", 2)).isEqualTo(3);
    for (String bad : List.of("0", "-1", "abc", "10001", "2.5")) {
      assertThatThrownBy(() -> ApiAdmission.limitOf(bad, 2))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("tradeplan.api.max-in-flight")
          .hasMessageContaining("TRADEPLAN_API_MAX_IN_FLIGHT")
          .hasMessageContaining("'" + bad + "'");
    }
    assertThat(ApiAdmission.waitOf("")).isEqualTo(Duration.ofMillis(200));
    assertThat(ApiAdmission.waitOf("150ms")).isEqualTo(Duration.ofMillis(150));
    assertThat(ApiAdmission.waitOf("0")).isEqualTo(Duration.ZERO);
    assertThat(ApiAdmission.waitOf("1s")).isEqualTo(Duration.ofSeconds(1));
    for (String bad : List.of("-1ms", "6s", "soon")) {
      assertThatThrownBy(() -> ApiAdmission.waitOf(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("tradeplan.api.admission-wait")
          .hasMessageContaining("'" + bad + "'");
    }
  }

  private MockHttpServletResponse run(String method, String path, FilterChain chain)
      throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest(method, path);
    request.setServletPath(path);
    MockHttpServletResponse response = new MockHttpServletResponse();
    filter.doFilter(request, response, chain);
    return response;
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      if (!latch.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never released its requests");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
