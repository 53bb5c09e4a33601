package com.tradeplan.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DocSectionTest {
  @Test
  void replacesOnlyWhatIsBetweenTheMarkers() {
    String doc =
        "# T\nkept\n<!-- peers:begin (generated) -->\nold\nold\n<!-- peers:end -->\nafter\n";

    assertThat(DocSection.replace(doc, "peers", "new"))
        .isEqualTo("# T\nkept\n<!-- peers:begin (generated) -->\nnew\n<!-- peers:end -->\nafter\n");
  }

  @Test
  void aMarkerQuotedInTheProseIsNotOne() {
    String doc =
        "see `<!-- peers:begin -->` below\n<!-- peers:begin -->\nold\n<!-- peers:end -->\n";

    assertThat(DocSection.replace(doc, "peers", "new"))
        .isEqualTo(
            "see `<!-- peers:begin -->` below\n<!-- peers:begin -->\nnew\n<!-- peers:end -->\n");
  }

  @Test
  void aDocumentWithoutTheMarkersIsRefused() {
    assertThatThrownBy(() -> DocSection.replace("# T\n<!-- peers:end -->\n", "peers", "x"))
        .hasMessageContaining("<!-- peers:begin");
    assertThatThrownBy(() -> DocSection.replace("# T\n<!-- engine:begin -->\n", "peers", "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
