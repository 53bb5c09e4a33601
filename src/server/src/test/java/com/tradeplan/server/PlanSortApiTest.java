package com.tradeplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The plans list sorted by the server (docs/api.md, "Sorting the plans"): ended plans of seeded
 * random symbols, paged small in each order, must come in the order of their own answered values
 * (ties by id), each once; a plan that ends while the trader pages newest first never shows up on a
 * later page. The thousands of plans are TradeStoreSortedPagesTest's; this checks the API's words.
 */
class PlanSortApiTest extends ServerTestBase {
  private static final String ENDED = "status=INACTIVE,CANCELLED,REJECTED";

  @Test
  void endedPlansComeInEveryOrderOnceEachAcrossPages() {
    String token = newTrader();
    Random r = new Random(18L);
    String[] symbols = {"XLF", "XLE", "XLK", "XLV"};
    for (int i = 0; i < 24; i++) {
      endedPlan(token, symbols[r.nextInt(symbols.length)]);
    }
    createPlan(token); // an open plan never shows among the ended

    List<JsonNode> newest = pages(token, "/api/plans?" + ENDED + "&sort=-endedAt&limit=5");
    assertThat(newest).hasSize(24);
    assertOrdered(newest, p -> p.get("endedAt").asText(), true);
    assertOrdered(
        pages(token, "/api/plans?" + ENDED + "&sort=symbol&limit=7"),
        p -> p.get("symbol").asText(),
        false);
    assertOrdered(
        pages(token, "/api/plans?" + ENDED + "&sort=-createdAt&limit=7"),
        p -> p.get("createdAt").asText(),
        true);
    assertOrdered(
        pages(token, "/api/plans?" + ENDED + "&sort=realizedPnl&limit=7"),
        p -> new BigDecimal(p.get("realizedPnl").asText()),
        false);
    List<JsonNode> xlf = pages(token, "/api/plans?" + ENDED + "&symbol=XLF&sort=-endedAt&limit=2");
    assertThat(xlf).allSatisfy(p -> assertThat(p.get("symbol").asText()).isEqualTo("XLF"));
    assertThat(xlf)
        .hasSize((int) newest.stream().filter(p -> p.get("symbol").asText().equals("XLF")).count());
  }

  @Test
  void aPlanEndingWhileTheTraderPagesNewestFirstIsNotShownTwice() {
    String token = newTrader();
    for (int i = 0; i < 9; i++) {
      endedPlan(token, "XLU");
    }
    String late = createPlan(token);
    Answer first =
        call("GET", "/api/plans?" + ENDED + "&sort=-endedAt&limit=4", token, null, Map.of());
    assertThat(first.status()).isEqualTo(200);
    assertThat(nextPage(first)).contains("sort=-endedAt").contains("limit=4");
    assertThat(call("POST", "/api/plans/" + late + "/cancel", token, null, Map.of()).status())
        .isEqualTo(200);
    await(
        "the late plan stored as ended",
        () -> call("GET", "/api/plans?" + ENDED + "&sort=-endedAt&limit=1", token, null, Map.of()),
        a -> a.body().size() == 1 && a.body().get(0).get("id").asText().equals(late));
    List<String> seen = new ArrayList<>();
    first.body().forEach(p -> seen.add(p.get("id").asText()));
    pagesFrom(token, nextPage(first)).forEach(p -> seen.add(p.get("id").asText()));
    assertThat(seen).hasSize(9).doesNotHaveDuplicates().doesNotContain(late);
  }

  @Test
  void sortsAndCursorsAreChecked() {
    String token = newTrader();
    assertThat(status(token, "/api/plans?sort=pnl")).isEqualTo(400);
    assertThat(status(token, "/api/plans?sort=-endedAt"))
        .as("open plans have no end")
        .isEqualTo(400);
    assertThat(status(token, "/api/plans?status=ACTIVE&sort=-endedAt")).isEqualTo(400);
    assertThat(status(token, "/api/plans?" + ENDED + "&sort=-endedAt&after=p1")).isEqualTo(400);
    assertThat(status(token, "/api/plans?" + ENDED + "&sort=-endedAt")).isEqualTo(200);
    assertThat(status(token, "/api/plans?sort=-symbol&limit=3")).isEqualTo(200);
    Answer bad = call("GET", "/api/plans?sort=x", token, null, Map.of());
    assertThat(bad.body().get("errors").get(0).get("field").asText()).isEqualTo("sort");
  }

  private int status(String token, String path) {
    return call("GET", path, token, null, Map.of()).status();
  }

  private static <T extends Comparable<T>> void assertOrdered(
      List<JsonNode> plans, Function<JsonNode, T> key, boolean descending) {
    Set<String> ids = new HashSet<>();
    plans.forEach(p -> assertThat(ids.add(p.get("id").asText())).isTrue());
    Comparator<JsonNode> c = Comparator.comparing(key).thenComparing(p -> p.get("id").asText());
    List<JsonNode> sorted = new ArrayList<>(plans);
    sorted.sort(descending ? c.reversed() : c);
    assertThat(plans.stream().map(p -> p.get("id").asText()).toList())
        .containsExactlyElementsOf(sorted.stream().map(p -> p.get("id").asText()).toList());
    assertThat(plans).hasSize(24);
  }

  private List<JsonNode> pages(String token, String path) {
    return pagesFrom(token, path);
  }

  private List<JsonNode> pagesFrom(String token, String path) {
    List<JsonNode> out = new ArrayList<>();
    while (path != null) {
      Answer a = call("GET", path, token, null, Map.of());
      assertThat(a.status()).as("%s: %s", path, a.body()).isEqualTo(200);
      a.body().forEach(out::add);
      path = nextPage(a);
    }
    return out;
  }

  private void endedPlan(String token, String symbol) {
    Answer a = call("POST", "/api/plans", token, plan(symbol), Map.of());
    assertThat(a.status()).isEqualTo(201);
    String id = a.body().get("id").asText();
    assertThat(call("POST", "/api/plans/" + id + "/cancel", token, null, Map.of()).status())
        .isEqualTo(200);
  }

  private String createPlan(String token) {
    Answer a = call("POST", "/api/plans", token, plan("XLB"), Map.of());
    assertThat(a.status()).isEqualTo(201);
    return a.body().get("id").asText();
  }

  private String newTrader() {
    String name = "sorter-" + System.nanoTime();
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
