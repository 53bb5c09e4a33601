package com.tradeplan.server.analysis;

import com.tradeplan.domain.plan.FieldError;
import com.tradeplan.runtime.Platform;
import com.tradeplan.runtime.RuleVersions;
import com.tradeplan.server.web.ApiException;
import com.tradeplan.server.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Incident replays over HTTP (roles ANALYST and OPERATOR, docs/api.md "Incident replay"): a replay
 * is one more job of the analysis pool ({@link SimulationJobs}), listed with the others; its report
 * is the replay's verdict and both event sequences ({@link
 * com.tradeplan.simulator.replay.ReplayReport}).
 */
@RestController
@RequestMapping(path = "/api/analysis/replays", produces = MediaType.APPLICATION_JSON_VALUE)
public class ReplayController {
  private final SimulationJobs jobs;
  private final RuleVersions rules;

  public ReplayController(SimulationJobs jobs, Platform platform) {
    this.jobs = jobs;
    this.rules = platform.rules();
  }

  /**
   * A replay's request: whose, the window (ISO-8601 instants, optional), the version (optional).
   */
  public record ReplayBody(String user, String from, String to, Integer ruleVersion) {}

  @Operation(
      summary =
          "Replay a user's recorded window through the simulator with the recorded broker reports"
              + " (202 with the job; 422 naming every invalid field; 429 when the workers are busy)")
  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<SimulationJobs.JobView> submit(
      Authentication caller, @RequestBody ReplayBody body) {
    SimulationJobs.Submitted s = jobs.submit(caller.getName(), JobRequest.replay(request(body)));
    if (!s.accepted()) {
      throw AnalysisController.busy(s.refusal());
    }
    return ResponseEntity.accepted().body(jobs.find(s.jobs().get(0).id()).orElseThrow());
  }

  @Operation(summary = "A replay job: status, entries replayed of the window's, its verdict")
  @GetMapping("/{id}")
  public SimulationJobs.JobView job(@PathVariable String id) {
    return jobs.find(id).orElseThrow(() -> AnalysisController.notFound(id));
  }

  @Operation(summary = "A DONE replay's report as JSON: verdict, first divergence, both sequences")
  @GetMapping("/{id}/report.json")
  public ResponseEntity<String> reportJson(@PathVariable String id) {
    return AnalysisController.text(
        jobs, id, SimulationJobs.Text.REPORT_JSON, MediaType.APPLICATION_JSON);
  }

  @Operation(summary = "A DONE replay's report as one HTML page")
  @GetMapping(path = "/{id}/report", produces = MediaType.TEXT_HTML_VALUE)
  public ResponseEntity<String> reportHtml(@PathVariable String id) {
    return AnalysisController.text(jobs, id, SimulationJobs.Text.REPORT_HTML, MediaType.TEXT_HTML);
  }

  private ReplayRequest request(ReplayBody body) {
    List<FieldError> errors = new ArrayList<>();
    if (body == null || body.user() == null || body.user().isBlank()) {
      errors.add(new FieldError("user", "is required: whose recording to replay"));
    }
    Instant from = instant(body == null ? null : body.from(), "from", errors);
    Instant to = instant(body == null ? null : body.to(), "to", errors);
    if (from != null && to != null && to.isBefore(from)) {
      errors.add(new FieldError("to", "must not be before from"));
    }
    Integer version = body == null ? null : body.ruleVersion();
    if (version != null && rules.find(version).isEmpty()) {
      errors.add(new FieldError("ruleVersion", "no rule-set version " + version));
    }
    if (!errors.isEmpty()) {
      throw new ApiException(Problems.invalid(errors));
    }
    return new ReplayRequest(body.user().trim(), from, to, version);
  }

  private static Instant instant(String text, String field, List<FieldError> errors) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(text.trim());
    } catch (DateTimeParseException e) {
      errors.add(new FieldError(field, "must be an ISO-8601 instant such as 2026-12-04T14:30:00Z"));
      return null;
    }
  }
}
