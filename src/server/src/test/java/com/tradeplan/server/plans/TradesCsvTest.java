package com.tradeplan.server.plans;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** RFC 4180 quoting of the trades export, field by field. */
class TradesCsvTest {
  @Test
  void aFieldIsQuotedOnlyWhenItMustBe() {
    assertThat(TradesCsv.field("101.25")).isEqualTo("101.25");
    assertThat(TradesCsv.field("-3.50")).as("a negative decimal stays plain").isEqualTo("-3.50");
    assertThat(TradesCsv.field(null)).isEmpty();
    assertThat(TradesCsv.field("a,b")).isEqualTo("\"a,b\"");
    assertThat(TradesCsv.field("say \"stop\"")).isEqualTo("\"say \"\"stop\"\"\"");
    assertThat(TradesCsv.field("two\r\nlines")).isEqualTo("\"two\r\nlines\"");
    assertThat(TradesCsv.field("BRK B")).isEqualTo("BRK B");
  }

  @Test
  void freeTextThatASpreadsheetWouldRunAsAFormulaOpensAsText() {
    assertThat(TradesCsv.text("=HYPERLINK(\"http://x\")")).isEqualTo("'=HYPERLINK(\"http://x\")");
    assertThat(TradesCsv.text("+1")).isEqualTo("'+1");
    assertThat(TradesCsv.text("-1")).isEqualTo("'-1");
    assertThat(TradesCsv.text("@SUM(A1)")).isEqualTo("'@SUM(A1)");
    assertThat(TradesCsv.text("\tx")).isEqualTo("'\tx");
    assertThat(TradesCsv.text("stopped out")).isEqualTo("stopped out");
    assertThat(TradesCsv.text(null)).isNull();
    assertThat(TradesCsv.text("")).isEmpty();
  }

  @Test
  void aLineEndsWithCrlfAndKeepsEmptyFields() {
    assertThat(TradesCsv.line(Arrays.asList("a", null, "c,d"))).isEqualTo("a,,\"c,d\"\r\n");
    assertThat(TradesCsv.header()).startsWith("plan_id,symbol,side,").endsWith("end_reason\r\n");
  }
}
