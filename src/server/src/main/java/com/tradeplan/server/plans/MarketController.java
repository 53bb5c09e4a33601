package com.tradeplan.server.plans;

import com.tradeplan.runtime.TradingService;
import com.tradeplan.server.web.ApiException;
import com.tradeplan.server.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Last price per symbol known to the platform (market data is not per user). */
@RestController
@RequestMapping(path = "/api/market", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "market", description = "last prices (any logged-in user)")
@SecurityRequirement(name = "bearer")
public class MarketController {
  private final TradingService trading;

  public MarketController(TradingService trading) {
    this.trading = trading;
  }

  /** The last price of one symbol. */
  public record LastPrice(String symbol, String last) {}

  @Operation(summary = "Last price of every symbol the platform has seen, by symbol")
  @GetMapping("/prices")
  public Map<String, String> prices() {
    Map<String, String> out = new TreeMap<>();
    trading.lastPrices().forEach((s, p) -> out.put(s, p.toPlainString()));
    return out;
  }

  @Operation(summary = "Last price of one symbol; 404 when none is known")
  @GetMapping("/prices/{symbol}")
  public LastPrice price(@PathVariable String symbol) {
    BigDecimal last =
        PlanController.SYMBOL.matcher(symbol).matches() ? trading.lastPrices().get(symbol) : null;
    if (last == null) {
      throw new ApiException(
          Problems.of(HttpStatus.NOT_FOUND, "not-found", "no price known for this symbol"));
    }
    return new LastPrice(symbol, last.toPlainString());
  }
}
