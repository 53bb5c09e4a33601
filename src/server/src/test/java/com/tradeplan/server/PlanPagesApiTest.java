package com.tradeplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** List endpoints answer bounded pages with a link to the next (issue 20, security). */
class PlanPagesApiTest extends ServerTestBase {

  @Test
  void thePlansListIsPagedByIdWithALinkToTheNextPage() {
    String token = newTrader("pager-" + System.nanoTime());
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(createPlanWithToken(token, "XLF"));
    }
    ids.sort(String::compareTo);

    List<String> seen = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    String path = "/api/plans?limit=2";
    while (path != null) {
      Answer page = getWithToken(path, token);
      assertThat(page.status()).isEqualTo(200);
      sizes.add(page.body().size());
      page.body().forEach(p -> seen.add(p.get("id").asText()));
      path = nextPage(page);
    }

    assertThat(sizes).containsExactly(2, 2, 1);
    assertThat(seen).as("every plan once, by id").isEqualTo(ids);
    Answer filtered = getWithToken("/api/plans?status=DRAFT&symbol=XLF&limit=4", token);
    assertThat(filtered.body()).hasSize(4);
    assertThat(nextPage(filtered))
        .contains("status=DRAFT")
        .contains("symbol=XLF")
        .contains("limit=4");
  }

  @Test
  void pageSizesAndCursorsAreChecked() {
    String token = newTrader("pager-" + System.nanoTime());
    assertThat(getWithToken("/api/plans?limit=0", token).status()).isEqualTo(400);
    assertThat(getWithToken("/api/plans?limit=501", token).status()).isEqualTo(400);
    Answer bad = getWithToken("/api/plans?after=%3Cx%3E", token);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(getWithToken("/api/trades/pnl?limit=501", token).status()).isEqualTo(400);
    Answer pnl = getWithToken("/api/trades/pnl?limit=1", token);
    assertThat(pnl.status()).isEqualTo(200);
    assertThat(pnl.body().get("realizedPnl").asText()).isEqualTo("0.00");
  }
}
