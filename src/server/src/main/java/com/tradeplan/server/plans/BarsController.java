package com.tradeplan.server.plans;

import com.tradeplan.domain.plan.FieldError;
import com.tradeplan.runtime.Platform;
import com.tradeplan.runtime.bars.Bar;
import com.tradeplan.runtime.bars.BarInterval;
import com.tradeplan.runtime.bars.RecentBars;
import com.tradeplan.server.web.ApiException;
import com.tradeplan.server.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/market/{symbol}/bars}: this member's recent 1-second or 1-minute bars of a symbol
 * for charts (docs/api.md, "Bars"). Bounded by the window {@link BarInterval} keeps: at most 961
 * bars per answer. Prices are decimal strings as the ticks carried them.
 */
@RestController
@RequestMapping(path = "/api/market", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "market", description = "last prices and recent bars")
@SecurityRequirement(name = "bearer")
public class BarsController {
  private final RecentBars bars;

  public BarsController(Platform platform) {
    this.bars = platform.recentBars();
  }

  /** One bar: its start (ISO instant), open, high, low, close and the ticks in it. */
  public record BarJson(
      String time, String open, String high, String low, String close, int ticks) {}

  /**
   * The answer: {@code known} is false when this member has no bars of the symbol (never ticked
   * here, or evicted); {@code bars} oldest first, the last one still open.
   */
  public record BarsJson(
      String symbol, String interval, String from, boolean known, List<BarJson> bars) {}

  @Operation(
      summary = "Recent bars of a symbol as this member saw its ticks",
      description =
          "interval 1s (the last 900 seconds that had ticks) or 1m (the last 960 minutes);"
              + " from: an ISO instant, bars ending after it (default: every bar kept)")
  @GetMapping("/{symbol}/bars")
  public BarsJson bars(
      @PathVariable String symbol,
      @RequestParam(name = "interval", defaultValue = "1m") String interval,
      @RequestParam(name = "from", required = false) String from) {
    if (!PlanController.SYMBOL.matcher(symbol).matches()) {
      throw bad("symbol", "must be a symbol such as AAPL");
    }
    BarInterval i = BarInterval.ofCode(interval);
    if (i == null) {
      throw bad("interval", "must be 1s or 1m");
    }
    Instant since = null;
    if (from != null) {
      try {
        since = Instant.parse(from);
      } catch (DateTimeParseException e) {
        throw bad("from", "must be an ISO instant such as 2026-01-05T14:30:00Z");
      }
    }
    List<Bar> kept = bars.bars(symbol, i, since).orElse(null);
    List<BarJson> out =
        kept == null
            ? List.of()
            : kept.stream()
                .map(
                    b ->
                        new BarJson(
                            b.start().toString(),
                            b.open().toPlainString(),
                            b.high().toPlainString(),
                            b.low().toPlainString(),
                            b.close().toPlainString(),
                            b.ticks()))
                .toList();
    return new BarsJson(symbol, i.code(), from, kept != null, out);
  }

  private static ApiException bad(String field, String message) {
    return new ApiException(
        Problems.badRequest("bad query parameter", List.of(new FieldError(field, message))));
  }
}
