package com.tradeplan.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlNamesTest {
  @Test
  void functionsKeywordsLabelListsRangesAndStringsAreNotMetrics() {
    assertThat(
            PromQlNames.metrics(
                "histogram_quantile(0.99, sum by (le, instance) (rate(a_bucket{instance=~\"$instance\"}[5m])))"))
        .containsExactly("a_bucket");
    assertThat(
            PromQlNames.metrics(
                "sum(rate(b_total[$__rate_interval])) by (job) / on(job) group_left c"))
        .containsExactly("b_total", "c");
    assertThat(
            PromQlNames.metrics(
                "min by (instance) (m) < scalar(count(up{job=\"x\"})) and on() vector(1) offset 5m"))
        .containsExactly("m", "up");
    assertThat(PromQlNames.metrics("topk(10, sum by (rule) (rate(r_total[5m]))) > 0.5e3"))
        .containsExactly("r_total");
    assertThat(PromQlNames.metrics("x unless y or z == bool 1")).containsExactly("x", "y", "z");
  }

  @Test
  void labelMatchersAreReadWithTheirMetric() {
    var m =
        PromQlNames.matchers(
            "increase(t_total{kind=~\"A|B\", instance!=\"i\"}[15m]) + s{state=\"READY\"}");
    assertThat(m)
        .containsExactly(
            new PromQlNames.Matcher("t_total", "kind", "A|B", true),
            new PromQlNames.Matcher("s", "state", "READY", false));
    assertThat(m.get(0).literals()).containsExactly("A", "B");
    assertThat(new PromQlNames.Matcher("x", "i", "$instance", true).literals()).isEmpty();
    assertThat(new PromQlNames.Matcher("x", "i", ".*", true).literals()).isEmpty();
  }
}
