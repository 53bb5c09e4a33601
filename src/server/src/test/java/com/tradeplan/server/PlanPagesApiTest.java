package com.tradeplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** List endpoints answer bounded pages with a link to the next (issue 20, security). */
class PlanPagesApiTest extends ServerTestBase {

  @Test
  void thePlansListIsPagedByIdWithALinkToTheNextPage() {
    String token = newTrader();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Answer a = call("POST", "/api/plans", token, plan("XLF"), Map.of());
      assertThat(a.status()).isEqualTo(201);
      ids.add(a.body().get("id").asText());
    }
    ids.sort(String::compareTo);

    List<String> seen = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    String path = "/api/plans?limit=2";
    while (path != null) {
      Answer page = call("GET", path, token, null, Map.of());
      assertThat(page.status()).isEqualTo(200);
      sizes.add(page.body().size());
      page.body().forEach(p -> seen.add(p.get("id").asText()));
      path = nextPage(page);
    }

    assertThat(sizes).containsExactly(2, 2, 1);
    assertThat(seen).as("every plan once, by id").isEqualTo(ids);
    Answer filtered =
        call("GET", "/api/plans?status=DRAFT&symbol=XLF&limit=4", token, null, Map.of());
    assertThat(filtered.body()).hasSize(4);
    assertThat(nextPage(filtered))
        .contains("status=DRAFT")
        .contains("symbol=XLF")
        .contains("limit=4");
  }

  @Test
  void pageSizesAndCursorsAreChecked() {
    String token = newTrader();
    assertThat(call("GET", "/api/plans?limit=0", token, null, Map.of()).status()).isEqualTo(400);
    assertThat(call("GET", "/api/plans?limit=501", token, null, Map.of()).status()).isEqualTo(400);
    Answer bad = call("GET", "/api/plans?after=%3Cx%3E", token, null, Map.of());
    assertThat(bad.status()).isEqualTo(400);
    assertThat(call("GET", "/api/trades/pnl?limit=501", token, null, Map.of()).status())
        .isEqualTo(400);
    Answer pnl = call("GET", "/api/trades/pnl?limit=1", token, null, Map.of());
    assertThat(pnl.status()).isEqualTo(200);
    assertThat(pnl.body().get("realizedPnl").asText()).isEqualTo("0.00");
  }

  private String newTrader() {
    String name = "pager-" + System.nanoTime();
    Answer created =
        post(
            "/api/ops/users",
            "oscar",
            "{\"username\":\""
                + name
                + "\",\"password\":\"a-long-password-1\",\"roles\":[\"TRADER\"]}");
    assertThat(created.status()).isEqualTo(201);
    Answer login =
        call(
            "POST",
            "/api/auth/login",
            null,
            "{\"username\":\"" + name + "\",\"password\":\"a-long-password-1\"}",
            Map.of());
    return login.body().get("token").asText();
  }
}
