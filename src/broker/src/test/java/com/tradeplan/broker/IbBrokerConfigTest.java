package com.tradeplan.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The IB_* variables: defaults when unset, the value when set, the variable named when wrong. */
class IbBrokerConfigTest {
  @Test
  void unsetVariablesTakeTheDefaultsAndSetOnesTheirValue() {
    IbBrokerConfig defaults = IbBrokerConfig.fromEnv(Map.of());
    assertThat(defaults.host()).isEqualTo("127.0.0.1");
    assertThat(defaults.port()).isEqualTo(4002);
    assertThat(defaults.clientId()).isEqualTo(1);
    assertThat(defaults.account()).isEmpty();
    assertThat(defaults.heartbeatInterval()).isEqualTo(IbBrokerConfig.HEARTBEAT_DEFAULT);
    assertThat(defaults.deadLinkAfter()).isEqualTo(IbBrokerConfig.DEAD_LINK_DEFAULT);
    assertThat(defaults.executionTimeZone()).isEqualTo(IbBrokerConfig.EXECUTION_TIME_ZONE_DEFAULT);
    assertThat(defaults.marketDataRetry()).isEqualTo(Duration.ofSeconds(30));

    IbBrokerConfig set =
        IbBrokerConfig.fromEnv(
            Map.of(
                "IB_HOST", "gw.internal",
                "IB_PORT", "7497",
                "IB_CLIENT_ID", "9",
                "IB_ACCOUNT", "DU123",
                "IB_HEARTBEAT_MILLIS", "1000",
                "IB_DEAD_LINK_MILLIS", "4000",
                "IB_TIME_ZONE", "Europe/Zurich",
                "IB_MARKET_DATA_RETRY_SECONDS", "5"));
    assertThat(set.host()).isEqualTo("gw.internal");
    assertThat(set.port()).isEqualTo(7497);
    assertThat(set.clientId()).isEqualTo(9);
    assertThat(set.account()).isEqualTo("DU123");
    assertThat(set.heartbeatInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(set.deadLinkAfter()).isEqualTo(Duration.ofSeconds(4));
    assertThat(set.executionTimeZone()).isEqualTo(ZoneId.of("Europe/Zurich"));
    assertThat(set.marketDataRetry()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void aMalformedVariableIsNamedWithItsText() {
    assertThatThrownBy(() -> IbBrokerConfig.fromEnv(Map.of("IB_PORT", "40o2")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("IB_PORT: '40o2' is not an integer");
    assertThatThrownBy(() -> IbBrokerConfig.fromEnv(Map.of("IB_PORT", "70000")))
        .hasMessage("IB_PORT: 70000 outside 1..65535");
    assertThatThrownBy(() -> IbBrokerConfig.fromEnv(Map.of("IB_TIME_ZONE", "Mars/Olympus")))
        .hasMessage("IB_TIME_ZONE: 'Mars/Olympus' is not a time zone id");
    assertThatThrownBy(() -> IbBrokerConfig.fromEnv(Map.of("IB_MARKET_DATA_RETRY_SECONDS", "0")))
        .hasMessage("IB_MARKET_DATA_RETRY_SECONDS: 0 outside 1..3600");
  }
}
