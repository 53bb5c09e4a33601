package com.tradeplan.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.domain.commission.CommissionModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone gateway's command line and environment: the hours and commission options build the
 * settings they name, an option wins over its variable, an empty variable is unset, and every bad
 * value is a problem naming the option or variable and why.
 */
class GatewayOptionsTest {
  @TempDir Path dir;

  private static GatewayOptions.Parsed parse(Map<String, String> env, String... args) {
    return GatewayOptions.parse(List.of(args), env);
  }

  @Test
  void withoutHoursOptionsTheDefaultsHold() {
    GatewayOptions.Parsed p = parse(Map.of(), "--port", "4100", "--print-orders");
    assertThat(p.problem()).isNull();
    assertThat(p.printOrders()).isTrue();
    assertThat(p.config().port).isEqualTo(4100);
    assertThat(p.config().tradingHours).isFalse();
    assertThat(p.config().calendar).isEqualTo(ExchangeCalendar.US_EQUITIES);
    assertThat(p.config().randomWalkSymbols).containsExactly("AAPL");
    assertThat(p.config().accountCommissions).isEmpty();
    assertThat(parse(Map.of(), "--help").help()).isTrue();
  }

  @Test
  void hoursOptionsBuildTheCalendar() throws Exception {
    Path file = dir.resolve("holidays.txt");
    Files.writeString(file, "# 2026\n2026-12-24=09:30-13:00/04:00-17:00\n2026-12-25=closed\n");
    GatewayOptions.Parsed p =
        parse(
            Map.of(),
            "--trading-hours",
            "--time-zone",
            "America/New_York",
            "--sessions",
            "09:30-16:00/07:00-20:00",
            "--symbol-sessions",
            "SPY=09:30-16:15/04:00-20:00",
            "--holidays",
            "2027-01-01=closed",
            "--holidays-file",
            file.toString());
    assertThat(p.problem()).isNull();
    GatewayConfig c = p.config();
    assertThat(c.tradingHours).isTrue();
    assertThat(c.calendar.zoneName()).isEqualTo("America/New_York");
    assertThat(c.calendar.defaults().tradingOpen()).isEqualTo(LocalTime.of(7, 0));
    assertThat(c.calendar.symbols().get("SPY").liquidClose()).isEqualTo(LocalTime.of(16, 15));
    assertThat(c.calendar.holidays())
        .containsOnlyKeys(
            LocalDate.of(2026, 12, 24), LocalDate.of(2026, 12, 25), LocalDate.of(2027, 1, 1));
  }

  @Test
  void theEnvironmentSetsWhatNoOptionGivesAndAnEmptyVariableIsUnset() {
    Map<String, String> env =
        Map.of(
            "PAPER_TRADING_HOURS", "true",
            "PAPER_TIME_ZONE", "Europe/London",
            "PAPER_SESSIONS", "",
            "PAPER_HOLIDAYS", "2026-12-25=closed;2026-12-28=closed",
            "PAPER_ACCOUNT_COMMISSIONS", "DU1=ib-tiered; DU2=ib-fixed:rate=0.01,min=2");
    GatewayOptions.Parsed p = parse(env, "--account", "DU1,DU2", "--time-zone", "Asia/Tokyo");
    assertThat(p.problem()).isNull();
    GatewayConfig c = p.config();
    assertThat(c.tradingHours).isTrue();
    assertThat(c.calendar.zoneName()).as("the option wins").isEqualTo("Asia/Tokyo");
    assertThat(c.calendar.defaults()).isEqualTo(ExchangeCalendar.US_EQUITIES.defaults());
    assertThat(c.calendar.holidays()).hasSize(2);
    assertThat(c.commissionOf("DU1")).isEqualTo(CommissionModel.IB_TIERED);
    assertThat(c.commissionOf("DU2").spec()).isEqualTo("ib-fixed:rate=0.01,min=2,cap=0.01");
    assertThat(c.commissionOf("DU3")).as("the gateway's model").isEqualTo(CommissionModel.IB_FIXED);

    GatewayOptions.Parsed own =
        parse(env, "--account", "DU1,DU2", "--account-commission", "DU2=none");
    assertThat(own.config().accountCommissions)
        .as("the option replaces the variable's list")
        .containsOnlyKeys("DU2");
  }

  @Test
  void aBadValueNamesTheOptionAndWhy() {
    assertThat(parse(Map.of(), "--sessions", "16:00-09:30").problem())
        .isEqualTo(
            "--sessions: '16:00-09:30' is not HH:MM-HH:MM[/HH:MM-HH:MM] with each close after its"
                + " open");
    assertThat(parse(Map.of("PAPER_SESSIONS", "9-5")).problem())
        .startsWith("PAPER_SESSIONS: '9-5'");
    assertThat(parse(Map.of(), "--time-zone", "EST").problem())
        .isEqualTo(
            "--time-zone: 'EST' is not a time zone: give an IANA id such as America/New_York");
    assertThat(parse(Map.of(), "--holidays", "2026-13-01=closed").problem())
        .isEqualTo("--holidays: '2026-13-01' is not a date (yyyy-MM-dd)");
    assertThat(parse(Map.of(), "--holidays-file", dir.resolve("none.txt").toString()).problem())
        .startsWith("--holidays-file: cannot read ");
    assertThat(parse(Map.of("PAPER_TRADING_HOURS", "yes")).problem())
        .isEqualTo("PAPER_TRADING_HOURS must be true or false: yes");
    assertThat(
            parse(Map.of(), "--account", "DU1", "--account-commission", "DU9=ib-fixed").problem())
        .isEqualTo("--account-commission: DU9 is not an account the gateway serves [DU1]");
    assertThat(parse(Map.of(), "--account-commission", "DU1234567=gold").problem())
        .startsWith("--account-commission DU1234567: unknown commission model 'gold'");
    assertThat(parse(Map.of(), "--account-commission", "ib-fixed").problem())
        .isEqualTo("--account-commission: 'ib-fixed' is not ACCOUNT=MODEL");
    assertThat(
            parse(
                    Map.of(),
                    "--account-commission",
                    "DU1234567=ib-fixed",
                    "--account-commission",
                    "DU1234567=ib-tiered")
                .problem())
        .isEqualTo("--account-commission: DU1234567 is given twice");
    assertThat(parse(Map.of(), "--port", "http").problem())
        .isEqualTo("--port must be a whole number: http");
    assertThat(parse(Map.of(), "--speed", "-1").problem()).isEqualTo("--speed must be >= 0: -1");
    assertThat(parse(Map.of(), "--sessions").problem()).isEqualTo("--sessions needs a value");
    assertThat(parse(Map.of(), "--frobnicate", "1").problem())
        .isEqualTo("unknown option --frobnicate");
    assertThat(parse(Map.of(), "--holidays", "2026-12-25=closed", "--holidays-file", "x").problem())
        .startsWith("--holidays-file: cannot read x");
  }
}
