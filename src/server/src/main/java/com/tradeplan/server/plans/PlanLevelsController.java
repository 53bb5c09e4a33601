package com.tradeplan.server.plans;

import com.tradeplan.runtime.PlanLevelTrail;
import com.tradeplan.runtime.TradingService;
import com.tradeplan.server.web.ApiException;
import com.tradeplan.server.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/plans/{id}/levels}: the plan's levels over time for its chart (docs/api.md, "Plan
 * levels over time"), as {@link PlanLevelTrail} kept them: the stored points and this member's not
 * stored yet. At most {@value PlanLevelTrail#POINTS_MAX} points.
 */
@RestController
@RequestMapping(path = "/api/plans", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "plans")
@SecurityRequirement(name = "bearer")
public class PlanLevelsController {
  private final TradingService trading;

  public PlanLevelsController(TradingService trading) {
    this.trading = trading;
  }

  /** From {@code time} on these levels held (null: none; a fired target is null in its place). */
  public record LevelPointJson(
      String time,
      String entry,
      List<String> stops,
      List<String> targets,
      String activeStop,
      String trailingLevel) {}

  /** The plan's points, oldest first (empty: none recorded, or the store could not be read). */
  public record LevelsJson(String planId, List<LevelPointJson> points) {}

  @Operation(summary = "The plan's entry, stops, targets, active stop and trailing level over time")
  @GetMapping("/{id}/levels")
  public LevelsJson levels(@PathVariable String id, Authentication caller) {
    String owner = caller.getName();
    if (!PlanController.PLAN_ID.matcher(id).matches() || trading.get(owner, id).isEmpty()) {
      throw new ApiException(Problems.notFound());
    }
    List<LevelPointJson> points =
        trading.levelTrail(owner, id).stream()
            .map(
                p ->
                    new LevelPointJson(
                        p.time().toString(),
                        text(p.entry()),
                        p.stops().stream().map(PlanLevelsController::text).toList(),
                        p.targets().stream().map(PlanLevelsController::text).toList(),
                        text(p.activeStop()),
                        text(p.trailingLevel())))
            .toList();
    return new LevelsJson(id, points);
  }

  private static String text(BigDecimal d) {
    return d == null ? null : d.toPlainString();
  }
}
