package com.tradeplan.server.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.server.web.ApiException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An upload over a file's bound is refused with 413 naming each file over it, before parsing. */
class JobRequestBoundsTest {
  static final AnalysisSettings SMALL = new AnalysisSettings(1, 1, 100, 10, 2, 100, 50, 2);

  @Test
  void eachFileOverItsBoundIsNamed() {
    AnalysisController.JobBody body =
        new AnalysisController.JobBody(
            "p.json",
            "[" + " ".repeat(60) + "]",
            "t.csv",
            "x".repeat(101),
            null,
            null,
            null,
            null,
            null,
            null);
    ApiException e = null;
    try {
      AnalysisController.request(body, SMALL, n -> true);
    } catch (ApiException refused) {
      e = refused;
    }
    assertThat(e).as("refused").isNotNull();
    assertThat(e.problem().getStatus()).isEqualTo(413);
    assertThat(e.problem().getType().toString()).endsWith(":too-large");
    @SuppressWarnings("unchecked")
    List<Map<String, String>> errors =
        (List<Map<String, String>>) e.problem().getProperties().get("errors");
    assertThat(errors)
        .containsExactly(
            Map.of("field", "ticks", "message", "is larger than 100 bytes"),
            Map.of("field", "plans", "message", "is larger than 50 bytes"));
    assertThat(SMALL.bodyBytes()).as("the body bound leaves room for both").isEqualTo(150 + 65536);
  }
}
