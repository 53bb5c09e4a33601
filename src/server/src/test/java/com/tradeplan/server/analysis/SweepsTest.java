package com.tradeplan.server.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.domain.commission.CommissionModel;
import com.tradeplan.domain.plan.FieldError;
import com.tradeplan.simulator.SimulationOptions;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A sweep's grid: its cells' plans and options, and its refusals. */
class SweepsTest {
  static final String PLANS =
      "[{\"id\":\"l\",\"side\":\"LONG\",\"stops\":[{\"price\":\"99.00\"},{\"price\":\"100.50\","
          + "\"activateAt\":\"102.00\"}]},{\"id\":\"s\",\"side\":\"SHORT\",\"stops\":[{\"price\":"
          + "\"105.00\"}]}]";

  @Test
  void aStopOffsetMovesEveryStopAwayFromItsEntry() {
    assertThat(Sweeps.offsetStops(PLANS, new BigDecimal("0.25")))
        .contains("\"price\":\"98.75\"")
        .contains("\"price\":\"100.25\",\"activateAt\":\"102.00\"")
        .contains("\"price\":\"105.25\"");
    assertThat(Sweeps.offsetStops(PLANS, BigDecimal.ZERO)).isSameAs(PLANS);
  }

  @Test
  void theGridIsOffsetsByFillValuesEachCellNamed() {
    JobRequest base =
        new JobRequest(
            "p",
            PLANS,
            "t",
            "time,symbol,last\n",
            null,
            new SimulationOptions(null, CommissionModel.IB_FIXED, true),
            null);
    List<FieldError> errors = new ArrayList<>();
    List<JobRequest> cells =
        Sweeps.cells(base, List.of("0", "1.00"), "latencyTicks", List.of(0L, 2L), 4, errors);
    assertThat(errors).isEmpty();
    assertThat(cells).hasSize(4);
    assertThat(cells.get(3).options().latencyTicks()).isEqualTo(2);
    assertThat(cells.get(3).options().commission()).isEqualTo(CommissionModel.IB_FIXED);
    assertThat(cells.get(3).describe().get("sweep").toString())
        .isEqualTo("{stopOffset=1.00, latencyTicks=2}");
    assertThat(cells.get(3).plansText()).contains("\"price\":\"98.00\"");

    List<FieldError> refused = new ArrayList<>();
    assertThat(Sweeps.cells(base, List.of("x"), "luck", List.of(0L), 4, refused)).isEmpty();
    assertThat(refused.stream().map(FieldError::field))
        .containsExactly("stopOffsets[0]", "fillOption");
    List<FieldError> tooMany = new ArrayList<>();
    Sweeps.cells(base, List.of("0", "1", "2"), "maxFillPerTick", List.of(1L, 2L), 4, tooMany);
    assertThat(tooMany.get(0).message()).contains("more than 4 runs");
  }
}
