package com.tradeplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
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
    String token = newTrader("sorter-" + System.nanoTime());
    Random r = new Random(18L);
    String[] symbols = {"XLF", "XLE", "XLK", "XLV"};
    for (int i = 0; i < 24; i++) {
      endedPlan(token, symbols[r.nextInt(symbols.length)]);
    }
    createPlanWithToken(token, "XLB"); // an open plan never shows among the ended

    List<JsonNode> newest = allPages("/api/plans?" + ENDED + "&sort=-endedAt&limit=5", token);
    assertThat(newest).hasSize(24);
    assertOrdered(newest, p -> p.get("endedAt").asText(), true);
    assertOrdered(
        allPages("/api/plans?" + ENDED + "&sort=symbol&limit=7", token),
        p -> p.get("symbol").asText(),
        false);
    assertOrdered(
        allPages("/api/plans?" + ENDED + "&sort=-createdAt&limit=7", token),
        p -> p.get("createdAt").asText(),
        true);
    assertOrdered(
        allPages("/api/plans?" + ENDED + "&sort=realizedPnl&limit=7", token),
        p -> new BigDecimal(p.get("realizedPnl").asText()),
        false);
    List<JsonNode> xlf =
        allPages("/api/plans?" + ENDED + "&symbol=XLF&sort=-endedAt&limit=2", token);
    assertThat(xlf).allSatisfy(p -> assertThat(p.get("symbol").asText()).isEqualTo("XLF"));
    assertThat(xlf)
        .hasSize((int) newest.stream().filter(p -> p.get("symbol").asText().equals("XLF")).count());
  }

  @Test
  void aPlanEndingWhileTheTraderPagesNewestFirstIsNotShownTwice() {
    String token = newTrader("sorter-" + System.nanoTime());
    for (int i = 0; i < 9; i++) {
      endedPlan(token, "XLU");
    }
    String late = createPlanWithToken(token, "XLB");
    Answer first = getWithToken("/api/plans?" + ENDED + "&sort=-endedAt&limit=4", token);
    assertThat(first.status()).isEqualTo(200);
    assertThat(nextPage(first)).contains("sort=-endedAt").contains("limit=4");
    assertThat(postWithToken("/api/plans/" + late + "/cancel", token).status()).isEqualTo(200);
    await(
        "the late plan stored as ended",
        () -> getWithToken("/api/plans?" + ENDED + "&sort=-endedAt&limit=1", token),
        a -> a.body().size() == 1 && a.body().get(0).get("id").asText().equals(late));
    List<String> seen = new ArrayList<>();
    first.body().forEach(p -> seen.add(p.get("id").asText()));
    allPages(nextPage(first), token).forEach(p -> seen.add(p.get("id").asText()));
    assertThat(seen).hasSize(9).doesNotHaveDuplicates().doesNotContain(late);
  }

  @Test
  void sortsAndCursorsAreChecked() {
    String token = newTrader("sorter-" + System.nanoTime());
    assertThat(status(token, "/api/plans?sort=pnl")).isEqualTo(400);
    assertThat(status(token, "/api/plans?sort=-endedAt"))
        .as("open plans have no end")
        .isEqualTo(400);
    assertThat(status(token, "/api/plans?status=ACTIVE&sort=-endedAt")).isEqualTo(400);
    assertThat(status(token, "/api/plans?" + ENDED + "&sort=-endedAt&after=p1")).isEqualTo(400);
    assertThat(status(token, "/api/plans?" + ENDED + "&sort=-endedAt")).isEqualTo(200);
    assertThat(status(token, "/api/plans?sort=-symbol&limit=3")).isEqualTo(200);
    Answer bad = getWithToken("/api/plans?sort=x", token);
    assertThat(bad.body().get("errors").get(0).get("field").asText()).isEqualTo("sort");
  }

  private int status(String token, String path) {
    return getWithToken(path, token).status();
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

  private void endedPlan(String token, String symbol) {
    String id = createPlanWithToken(token, symbol);
    assertThat(postWithToken("/api/plans/" + id + "/cancel", token).status()).isEqualTo(200);
  }
}
