package com.tradeplan.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tradeplan.broker.IbBroker;
import com.tradeplan.broker.IbBrokerConfig;
import com.tradeplan.broker.tws.ContractDetails;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.gateway.PaperGateway;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform's embedded paper gateway takes its hours and commission plans from the same {@code
 * PAPER_*} variables as the standalone one: the ones set are kept (an empty one is unset), the time
 * zone and a holiday given for tomorrow are in the contract details IbBroker reads from it over its
 * socket, and a bad variable stops its start naming the variable.
 */
class EmbeddedGatewaySettingsTest {
  @TempDir java.nio.file.Path dir;

  private PlatformConfig config(Map<String, String> paper) {
    Map<String, String> env = new java.util.HashMap<>(paper);
    env.put("TRADEPLAN_DATA_DIR", dir.toString());
    env.put("TRADEPLAN_GATEWAY_PORT", "0");
    return PlatformConfig.fromEnvironment(env);
  }

  @Test
  void thePaperVariablesSetTheEmbeddedGateway() throws Exception {
    LocalDate tomorrow = LocalDate.now(ZoneId.of("Europe/London")).plusDays(1);
    PlatformConfig config =
        config(
            Map.of(
                "PAPER_TIME_ZONE", "Europe/London",
                "PAPER_HOLIDAYS", tomorrow + "=closed",
                "PAPER_ACCOUNT_COMMISSIONS", "DU7654321=ib-tiered",
                "PAPER_SESSIONS", ""));
    assertThat(config.paperGatewayEnvironment())
        .containsOnlyKeys("PAPER_TIME_ZONE", "PAPER_HOLIDAYS", "PAPER_ACCOUNT_COMMISSIONS");
    PaperGateway gateway = EmbeddedGateway.start(config);
    try (IbBroker broker =
        new IbBroker(
                IbBrokerConfig.of("127.0.0.1", gateway.port(), 21, gateway.account())
                    .withBackoff(Duration.ofMillis(20), Duration.ofMillis(200), 7),
                (kind, msg) -> {})
            .start()) {
      assertThat(broker.awaitReady(15, TimeUnit.SECONDS)).isTrue();
      Instrument aapl = Instrument.stock("AAPL");
      Harness.await("AAPL's contract details", () -> broker.contractDetails(aapl).isPresent());
      ContractDetails d = broker.contractDetails(aapl).orElseThrow();
      assertThat(d.timeZoneId()).isEqualTo("Europe/London");
      assertThat(d.liquidHours())
          .endsWith(tomorrow.format(DateTimeFormatter.BASIC_ISO_DATE) + ":CLOSED");
    } finally {
      gateway.stop();
    }
  }

  @Test
  void aBadVariableStopsTheStartNamingIt() {
    PlatformConfig config = config(Map.of("PAPER_ACCOUNT_COMMISSIONS", "DU9=ib-fixed"));
    assertThatThrownBy(() -> EmbeddedGateway.start(config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "the embedded paper gateway: PAPER_ACCOUNT_COMMISSIONS: DU9 is not an account the"
                + " gateway serves [DU1234567, DU7654321]");
  }
}
