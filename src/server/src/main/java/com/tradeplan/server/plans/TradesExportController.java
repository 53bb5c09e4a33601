package com.tradeplan.server.plans;

import com.tradeplan.runtime.PlanPage;
import com.tradeplan.runtime.PlanView;
import com.tradeplan.runtime.TradingService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/trades/export.csv}: every trade of the caller (each plan whose entry filled, open
 * or ended) as CSV for the trader's own records ({@link TradesCsv}). Written a page of plans at a
 * time while they are read, so the memory a call needs does not grow with the trader's history; a
 * plan's figures are its state when its page is read.
 */
@RestController
@Tag(name = "trades", description = "positions and P&L of the caller's plans (role TRADER)")
@SecurityRequirement(name = "bearer")
public class TradesExportController {
  static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

  private final TradingService trading;

  public TradesExportController(TradingService trading) {
    this.trading = trading;
  }

  @Operation(
      summary = "The caller's trades as CSV (RFC 4180, UTF-8, CRLF, decimals plain)",
      description = "One line per plan whose entry filled, by plan id; columns: see docs/api.md.")
  @GetMapping(path = "/api/trades/export.csv", produces = "text/csv")
  public void export(Authentication caller, HttpServletResponse response) throws IOException {
    String owner = caller.getName();
    response.setContentType(CSV.toString());
    response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"trades.csv\"");
    response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    Writer w = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
    w.write(TradesCsv.header());
    String cursor = null;
    do {
      PlanPage page = trading.page(owner, Set.of(), null, cursor, TradingService.PAGE_MAX);
      for (PlanView v : page.plans()) {
        if (v.snapshot().filledEntryQuantity() > 0) {
          w.write(TradesCsv.row(v));
        }
      }
      w.flush();
      cursor = page.next();
    } while (cursor != null);
  }
}
