package com.tradeplan.server.plans;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The shape of a plan in a request, for the OpenAPI document only: the server reads bodies with
 * PlansJson's reader (unknown fields are errors, prices must be decimal strings).
 */
@Schema(name = "PlanRequest", description = "A plan as entered; id and owner are set by the server")
record PlanRequestDoc(
    @Schema(example = "AAPL", requiredMode = Schema.RequiredMode.REQUIRED) String symbol,
    @Schema(example = "STK") String secType,
    @Schema(example = "SMART") String exchange,
    @Schema(example = "USD") String currency,
    @Schema(
            example = "LONG",
            allowableValues = {"LONG", "SHORT"})
        String side,
    @Schema(example = "100") long quantity,
    Entry entry,
    List<Stop> stops,
    List<Target> targets,
    Trailing trailingStop) {
  record Entry(
      @Schema(
              example = "ABOVE",
              allowableValues = {"ABOVE", "BELOW"})
          String condition,
      @Schema(example = "101.00") String price,
      @Schema(example = "2030-01-01T00:00:00Z") String expiresAt) {}

  record Stop(
      @Schema(example = "99.00") String price, @Schema(example = "102.00") String activateAt) {}

  record Target(@Schema(example = "103.00") String price, @Schema(example = "50") Long quantity) {}

  record Trailing(@Schema(example = "0.50") String distance) {}
}
