package com.tradeplan.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.plan.FieldError;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.TradeStatus;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResultJsonTest {

  /** Builds one plan result; defaults are an untouched ACTIVE plan. */
  static final class PlanResultBuilder {
    private String id = "p1";
    private PlanStatus status = PlanStatus.ACTIVE;
    private long position;
    private long filled;
    private BigDecimal avg;
    private BigDecimal pnl = BigDecimal.ZERO;
    private BigDecimal commission = BigDecimal.ZERO;
    private final List<FieldError> errors = new ArrayList<>();
    private final List<PlanEvent> events = new ArrayList<>();

    PlanResultBuilder status(PlanStatus s) {
      status = s;
      return this;
    }

    PlanResultBuilder filled(long quantity, String avgEntryPrice) {
      filled = quantity;
      position = quantity;
      avg = new BigDecimal(avgEntryPrice);
      return this;
    }

    PlanResultBuilder pnl(String realized, String paid) {
      pnl = new BigDecimal(realized);
      commission = new BigDecimal(paid);
      return this;
    }

    PlanResultBuilder event(PlanEvent e) {
      events.add(e);
      return this;
    }

    PlanResult build() {
      return new PlanResult(
          id, status, status.tradeStatus(), position, filled, avg, pnl, commission, errors, events);
    }
  }

  static PlanEvent order(
      PlanEvent.Type type,
      OrderRole role,
      Integer index,
      OrderAction side,
      long qty,
      String price) {
    return new PlanEvent(
        "p1",
        7,
        null,
        type,
        role,
        index,
        side,
        qty,
        price == null ? null : new BigDecimal(price),
        null,
        null,
        "p1:" + role + ":0:1",
        "some rule",
        null);
  }

  private static String only(PlanResult plan) {
    return ResultJson.write(new SimulationResult(List.of(plan)));
  }

  @Test
  void specExampleIsWrittenBackByteForByteAfterReadingIt() {
    String spec = PlansJsonTest.resource("spec-result.json");

    SimulationResult read = ResultJson.parse("RESULT.json", spec);

    assertThat(read.plans()).hasSize(1);
    PlanResult p = read.plans().get(0);
    assertThat(p.orderStatus()).isEqualTo(PlanStatus.INACTIVE);
    assertThat(p.avgEntryPrice()).isEqualByComparingTo("101.10");
    assertThat(p.events()).hasSize(8);
    assertThat(p.events().get(4).index()).isEqualTo(0);
    assertThat(ResultJson.write(read)).isEqualTo(spec);
  }

  @Test
  void aPlanThatFailedValidationIsWrittenAsTheSpecSays() {
    PlanResult invalid =
        PlanResult.invalid(
            "p2",
            List.of(
                new FieldError("stops[0].price", "must be a multiple of the tick size 0.01"),
                new FieldError("note", "say \"hi\"")));

    assertThat(only(invalid))
        .isEqualTo(
            "{\"plans\":[\n"
                + "  {\"id\":\"p2\",\"orderStatus\":\"DRAFT\",\"tradeStatus\":\"PENDING\",\n"
                + "   \"position\":0,\"filledEntryQuantity\":0,\"avgEntryPrice\":null,\n"
                + "   \"realizedPnl\":\"0.00\",\"commission\":\"0.00\",\"errors\":["
                + "{\"field\":\"stops[0].price\",\"message\":\"must be a multiple of the tick size"
                + " 0.01\"},{\"field\":\"note\",\"message\":\"say \\\"hi\\\"\"}],\n"
                + "   \"events\":[]}\n"
                + "]}\n");
  }

  @Test
  void noPlansIsAnEmptyArray() {
    assertThat(ResultJson.write(new SimulationResult(List.of()))).isEqualTo("{\"plans\":[]}\n");
  }

  @ParameterizedTest
  @CsvSource({
    "101.10, 101.10",
    "101.1, 101.10",
    "100, 100.00",
    "101.100000000, 101.10",
    "101.10325, 101.1032",
    "101.10335, 101.1034",
    "101.123456789, 101.1235",
    "0.000049, 0.00",
  })
  void avgEntryPriceIsRoundedHalfEvenToFourDecimalsWithAtLeastTwo(String value, String printed) {
    assertThat(ResultJson.formatAvgEntryPrice(new BigDecimal(value))).isEqualTo(printed);
  }

  @ParameterizedTest
  @CsvSource({
    "250, 250.00",
    "2.345, 2.34",
    "2.355, 2.36",
    "-1.005, -1.00",
    "-0.004, 0.00",
    "0, 0.00",
    "1E+3, 1000.00",
    "-12.3456, -12.35",
  })
  void moneyIsRoundedHalfEvenToTwoDecimalsAndZeroIsUnsigned(String value, String printed) {
    assertThat(ResultJson.formatMoney(new BigDecimal(value))).isEqualTo(printed);
  }

  @ParameterizedTest
  @CsvSource({"100.9, 100.90", "100.955, 100.955", "101, 101.00", "0.123456, 0.123456"})
  void aFillPriceIsPrintedAsWrittenWithAtLeastTwoDecimals(String value, String printed) {
    assertThat(ResultJson.formatPrice(new BigDecimal(value))).isEqualTo(printed);
  }

  @Test
  void eventsCarryOnlyTheirSpecFieldsInTheSpecKeyOrder() {
    PlanResult p =
        new PlanResultBuilder()
            .status(PlanStatus.CONTINGENT_SUBMITTED)
            .filled(100, "101.1")
            .pnl("-0.5", "0.5")
            .event(order(PlanEvent.Type.ORDER, OrderRole.ENTRY, 3, OrderAction.BUY, 100, "1.00"))
            .event(PlanEvent.status("p1", 7, null, PlanStatus.ENTRY_SUBMITTED))
            .event(order(PlanEvent.Type.FILL, OrderRole.TARGET, 1, OrderAction.SELL, 50, "103.2"))
            .event(order(PlanEvent.Type.CANCEL, OrderRole.STOP, null, OrderAction.SELL, 20, null))
            .build();

    assertThat(only(p))
        .contains(
            "   \"events\":[\n"
                + "     {\"tick\":7,\"type\":\"ORDER\",\"role\":\"ENTRY\",\"side\":\"BUY\","
                + "\"quantity\":100},\n"
                + "     {\"tick\":7,\"type\":\"STATUS\",\"orderStatus\":\"ENTRY_SUBMITTED\","
                + "\"tradeStatus\":\"PENDING\"},\n"
                + "     {\"tick\":7,\"type\":\"FILL\",\"role\":\"TARGET\",\"index\":1,"
                + "\"side\":\"SELL\",\"quantity\":50,\"price\":\"103.20\"},\n"
                + "     {\"tick\":7,\"type\":\"CANCEL\",\"role\":\"STOP\",\"side\":\"SELL\","
                + "\"quantity\":20}\n"
                + "   ]}\n")
        .contains("\"avgEntryPrice\":\"101.10\"")
        .contains("\"realizedPnl\":\"-0.50\",\"commission\":\"0.50\"")
        .doesNotContain("some rule")
        .doesNotContain("p1:");
  }

  @Test
  void rejectAndActionEventsAreWrittenInTheSameStyleWithTheirReason() {
    PlanEvent reject =
        PlanEvent.reject(
            new OrderRef("p1", OrderRole.ENTRY, 0, 1),
            4,
            null,
            OrderAction.BUY,
            100,
            "201: no margin");
    PlanEvent action =
        new PlanEvent(
            "p1",
            5,
            null,
            PlanEvent.Type.ACTION,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            "flatten");

    String json = only(new PlanResultBuilder().event(reject).event(action).build());

    assertThat(json)
        .contains(
            "{\"tick\":4,\"type\":\"REJECT\",\"role\":\"ENTRY\",\"side\":\"BUY\",\"quantity\":100,"
                + "\"reason\":\"201: no margin\"}")
        .contains("{\"tick\":5,\"type\":\"ACTION\",\"reason\":\"flatten\"}");
    assertThat(ResultJson.write(ResultJson.parse("R", json))).isEqualTo(json);
  }

  @Test
  void anOrderEventWithoutItsQuantityIsAProgrammingErrorNotASilentGap() {
    PlanEvent broken =
        PlanEvent.fill(
            new OrderRef("p1", OrderRole.ENTRY, 0, 1), 1, null, OrderAction.BUY, 10, null, null);

    assertThatThrownBy(() -> only(new PlanResultBuilder().event(broken).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs its price");
  }

  @Test
  void theSameResultIsWrittenToTheSameBytes(@TempDir Path dir) throws Exception {
    SimulationResult result =
        new SimulationResult(
            List.of(
                new PlanResultBuilder()
                    .filled(3, "33.333333333333333333333333333333")
                    .pnl("1.005", "0.015")
                    .event(PlanEvent.status("p1", 0, null, PlanStatus.ACTIVE))
                    .build(),
                PlanResult.invalid(null, List.of(new FieldError("id", "is required")))));
    Path file = dir.resolve("RESULT.json");

    ResultJson.write(file, result);
    String first = Files.readString(file);
    ResultJson.write(file, ResultJson.read(file));

    assertThat(first).isEqualTo(ResultJson.write(result));
    assertThat(first).contains("\"avgEntryPrice\":\"33.3333\"").contains("{\"id\":null,");
    assertThat(Files.readString(file)).isEqualTo(first);
    assertThat(dir.toFile().list()).containsExactly("RESULT.json");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[]",
        "{\"plans\":{}}",
        "{\"plans\":[{\"id\":\"p1\"}]}",
        "{\"plans\":[{\"id\":\"p1\",\"orderStatus\":\"NOPE\",\"tradeStatus\":\"PENDING\","
            + "\"position\":0,\"filledEntryQuantity\":0,\"avgEntryPrice\":null,"
            + "\"realizedPnl\":\"0.00\",\"commission\":\"0.00\",\"errors\":[],\"events\":[]}]}",
        "{\"plans\":[{\"id\":\"p1\",\"orderStatus\":\"DRAFT\",\"tradeStatus\":\"PENDING\","
            + "\"position\":0,\"filledEntryQuantity\":0,\"avgEntryPrice\":null,"
            + "\"realizedPnl\":0.00,\"commission\":\"0.00\",\"errors\":[],\"events\":[]}]}",
      })
  void aResultFileThatDoesNotFollowTheFormatIsRefused(String json) {
    assertThatThrownBy(() -> ResultJson.parse("RESULT.json", json))
        .isInstanceOf(FormatException.class)
        .hasMessageStartingWith("RESULT.json");
  }

  @Test
  void aTradeStatusOfItsOwnIsKeptForARejectedPlan() {
    PlanResult rejected =
        new PlanResult(
            "p1",
            PlanStatus.REJECTED,
            TradeStatus.PENDING,
            0,
            0,
            null,
            BigDecimal.ZERO,
            BigDecimal.ZERO,
            null,
            null);

    assertThat(only(rejected)).contains("\"orderStatus\":\"REJECTED\",\"tradeStatus\":\"PENDING\"");
  }
}
