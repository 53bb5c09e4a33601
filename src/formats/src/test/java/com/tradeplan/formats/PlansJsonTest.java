package com.tradeplan.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tradeplan.domain.plan.FieldError;
import com.tradeplan.domain.plan.Plan;
import com.tradeplan.domain.plan.PlanDraft;
import com.tradeplan.domain.plan.PlanValidator;
import com.tradeplan.domain.plan.Side;
import com.tradeplan.domain.plan.ValidationResult;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlansJsonTest {

  static String resource(String name) {
    try (InputStream in = PlansJsonTest.class.getResourceAsStream("/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static List<Plan> validated(List<PlanDraft> drafts) {
    return drafts.stream()
        .map(PlanValidator::validate)
        .map(
            r -> {
              assertThat(r.errors()).as("validation errors").isEmpty();
              return ((ValidationResult.Valid) r).plan();
            })
        .toList();
  }

  /** One plan object around {@code fields}, so a test states only what it is about. */
  private static PlanDraft onePlan(String fields) {
    String json =
        "[{\"id\":\"p1\",\"owner\":\"alice\",\"symbol\":\"AAPL\",\"side\":\"LONG\","
            + fields
            + "}]";
    List<PlanDraft> drafts = PlansJson.parse("PLANS.json", json);
    assertThat(drafts).hasSize(1);
    return drafts.get(0);
  }

  private static final String VALID_REST =
      "\"quantity\":100,\"entry\":{\"condition\":\"ABOVE\",\"price\":\"101.00\"},"
          + "\"stops\":[{\"price\":\"99.00\"}]";

  @Test
  void specExampleIsWrittenBackByteForByte() {
    String spec = resource("spec-plans.json");
    List<Plan> plans = validated(PlansJson.parse("PLANS.json", spec));

    String written = PlansJson.write(plans);

    assertThat(spec).as("the spec example, as a file, ends with a newline").endsWith("}]\n");
    assertThat(written).isEqualTo(spec);
    assertThat(PlansJson.write(validated(PlansJson.parse("again", written)))).isEqualTo(written);
  }

  @Test
  void specExampleReadsEveryFieldAsWritten() {
    PlanDraft d = PlansJson.parse("PLANS.json", resource("spec-plans.json")).get(0);

    assertThat(d.id()).isEqualTo("p1");
    assertThat(d.owner()).isEqualTo("alice");
    assertThat(d.symbol()).isEqualTo("AAPL");
    assertThat(d.side()).isEqualTo("LONG");
    assertThat(d.quantity()).isEqualTo("100");
    assertThat(d.entry()).isEqualTo(new PlanDraft.EntryDraft("ABOVE", "101.00", null));
    assertThat(d.stops())
        .containsExactly(
            new PlanDraft.StopDraft("99.00", null), new PlanDraft.StopDraft("100.50", "102.00"));
    assertThat(d.targets())
        .containsExactly(
            new PlanDraft.TargetDraft("103.00", "50"), new PlanDraft.TargetDraft("105.00", null));
    assertThat(d.trailingStop()).isEqualTo(new PlanDraft.TrailingStopDraft("1.50"));
    assertThat(d.inputErrors()).isEmpty();
  }

  @Test
  void severalPlansWithInstrumentFieldsAndExpiryRoundTrip() {
    String json =
        "[{\"id\":\"a\",\"owner\":\"o\",\"symbol\":\"ES\",\"secType\":\"FUT\",\"exchange\":\"CME\","
            + "\"side\":\"SHORT\",\"quantity\":2,\n"
            + "  \"entry\":{\"condition\":\"BELOW\",\"price\":\"5000.25\","
            + "\"expiresAt\":\"2026-03-02T20:00:00Z\"},\n"
            + "  \"stops\":[{\"price\":\"5010.00\"}],\n"
            + "  \"targets\":[]},\n"
            + " {\"id\":\"b\",\"owner\":\"o\",\"symbol\":\"SAP\",\"currency\":\"EUR\","
            + "\"side\":\"LONG\",\"quantity\":1,\n"
            + "  \"entry\":{\"condition\":\"ABOVE\",\"price\":\"1\"},\n"
            + "  \"stops\":[{\"price\":\"0.50\"}],\n"
            + "  \"targets\":[{\"price\":\"2.000\",\"quantity\":1}]}]\n";

    List<Plan> plans = validated(PlansJson.parse("PLANS.json", json));

    assertThat(plans.get(0).instrument().secType()).isEqualTo("FUT");
    assertThat(plans.get(0).side()).isEqualTo(Side.SHORT);
    assertThat(plans.get(1).instrument().currency()).isEqualTo("EUR");
    assertThat(plans.get(1).targets().get(0).price()).isEqualTo(new BigDecimal("2.000"));
    assertThat(PlansJson.write(plans)).isEqualTo(json);
  }

  @Test
  void aPriceGivenAsAJsonNumberIsAnErrorOfThatField() {
    PlanDraft d =
        onePlan(
            "\"quantity\":100,\"entry\":{\"condition\":\"ABOVE\",\"price\":101.00},"
                + "\"stops\":[{\"price\":\"99.00\"},{\"price\":\"98.00\",\"activateAt\":102}],"
                + "\"targets\":[{\"price\":103.5}],\"trailingStop\":{\"distance\":1}");

    String message = "must be a decimal string such as \"101.25\", not a JSON number";
    assertThat(d.inputErrors())
        .containsExactlyInAnyOrder(
            new FieldError("entry.price", message),
            new FieldError("stops[1].activateAt", message),
            new FieldError("targets[0].price", message),
            new FieldError("trailingStop.distance", message));
    assertThat(d.entry().price()).isNull();
    assertThat(PlanValidator.validate(d).errors()).containsAll(d.inputErrors());
  }

  @Test
  void aQuantityGivenAsAStringOrAFractionIsAnErrorOfThatField() {
    PlanDraft asString = onePlan(VALID_REST.replace("\"quantity\":100", "\"quantity\":\"100\""));
    PlanDraft fraction =
        onePlan(VALID_REST + ",\"targets\":[{\"price\":\"105.00\",\"quantity\":2.5}]");

    assertThat(asString.inputErrors())
        .containsExactly(
            new FieldError("quantity", "must be a JSON integer such as 100, not a string"));
    assertThat(fraction.inputErrors())
        .containsExactly(
            new FieldError(
                "targets[0].quantity", "must be a JSON integer such as 100, not a fraction"));
    assertThat(PlanValidator.validate(asString).isValid()).isFalse();
    assertThat(PlanValidator.validate(fraction).isValid()).isFalse();
  }

  @Test
  void aNegativeOrHugeQuantityIsPassedOnAsTextForValidationToRefuse() {
    PlanDraft d =
        onePlan(VALID_REST.replace("\"quantity\":100", "\"quantity\":123456789012345678901234"));

    assertThat(d.quantity()).isEqualTo("123456789012345678901234");
    assertThat(PlanValidator.validate(d).errors())
        .extracting(FieldError::field)
        .contains("quantity");
  }

  @Test
  void unknownFieldsAreReportedSoThatAMisspelledActivateAtCannotGoUnnoticed() {
    PlanDraft d =
        onePlan(
            VALID_REST.replace(
                    "{\"price\":\"99.00\"}", "{\"price\":\"99.00\",\"activateAT\":\"102.00\"}")
                + ",\"note\":\"x\"");

    assertThat(d.inputErrors())
        .containsExactlyInAnyOrder(
            new FieldError("stops[0].activateAT", "is not a field of a plan"),
            new FieldError("note", "is not a field of a plan"));
    assertThat(PlanValidator.validate(d).isValid()).isFalse();
  }

  @Test
  void wrongJsonTypesAreErrorsOfTheirFields() {
    PlanDraft d =
        PlansJson.parse(
                "PLANS.json",
                "[{\"id\":7,\"owner\":\"alice\",\"symbol\":[\"AAPL\"],\"side\":\"LONG\","
                    + "\"quantity\":true,\"entry\":[],\"stops\":{},\"targets\":[\"103.00\"],"
                    + "\"trailingStop\":\"1.50\"}]")
            .get(0);

    assertThat(d.inputErrors())
        .containsExactlyInAnyOrder(
            new FieldError("id", "must be a string"),
            new FieldError("symbol", "must be a string"),
            new FieldError("quantity", "must be a JSON integer such as 100"),
            new FieldError("entry", "must be an object"),
            new FieldError("stops", "must be an array"),
            new FieldError("targets[0]", "must be an object"),
            new FieldError("trailingStop", "must be an object"));
    assertThat(PlanValidator.validate(d).errors()).containsAll(d.inputErrors());
  }

  @Test
  void jsonNullCountsAsAnAbsentField() {
    PlanDraft d =
        onePlan(
            VALID_REST.replace("{\"price\":\"99.00\"}", "{\"price\":\"99.00\",\"activateAt\":null}")
                + ",\"trailingStop\":null,\"targets\":null");

    assertThat(d.inputErrors()).isEmpty();
    assertThat(d.stops().get(0).activateAt()).isNull();
    assertThat(d.trailingStop()).isNull();
    assertThat(PlanValidator.validate(d).isValid()).isTrue();
  }

  @Test
  void anEmptyArrayIsNoPlans() {
    assertThat(PlansJson.parse("PLANS.json", " [ ] ")).isEmpty();
    assertThat(PlansJson.write(List.of())).isEqualTo("[]\n");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "not json",
        "{\"id\":\"p1\"}",
        "[1,2]",
        "[{\"id\":\"p1\"},\"p2\"]",
        "[{\"id\":\"p1\"}] trailing",
        "[{\"id\":\"p1\",\"id\":\"p2\"}]",
        "[{\"id\":\"p1\"}"
      })
  void aFileThatIsNotAJsonArrayOfObjectsIsRefusedAsAWholeWithOneLineNamingTheFile(String text) {
    assertThatThrownBy(() -> PlansJson.parse("my/PLANS.json", text))
        .isInstanceOf(FormatException.class)
        .hasMessageStartingWith("my/PLANS.json: ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void readsAndWritesFiles(@TempDir Path dir) throws IOException {
    Path in = dir.resolve("PLANS.json");
    Files.writeString(in, resource("spec-plans.json"));
    Path out = dir.resolve("OUT.json");

    PlansJson.write(out, validated(PlansJson.read(in)));

    assertThat(Files.readString(out)).isEqualTo(resource("spec-plans.json"));
    assertThat(dir.toFile().list()).containsExactlyInAnyOrder("PLANS.json", "OUT.json");
  }

  @Test
  void aMissingOrNonUtf8FileIsAFormatException(@TempDir Path dir) throws IOException {
    Path latin1 = dir.resolve("latin1.json");
    Files.write(latin1, new byte[] {'[', '"', (byte) 0xE9, '"', ']'});

    assertThatThrownBy(() -> PlansJson.read(dir.resolve("missing.json")))
        .isInstanceOf(FormatException.class)
        .hasMessageContaining("missing.json: cannot be read");
    assertThatThrownBy(() -> PlansJson.read(latin1))
        .isInstanceOf(FormatException.class)
        .hasMessageContaining("latin1.json: not UTF-8");
  }
}
