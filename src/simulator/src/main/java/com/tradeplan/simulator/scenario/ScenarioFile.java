package com.tradeplan.simulator.scenario;

import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.plan.ExitChangeDraft;
import com.tradeplan.domain.plan.FieldError;
import com.tradeplan.domain.plan.PlanDraft;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.TradeStatus;
import com.tradeplan.engine.facts.TraderCommand;
import com.tradeplan.formats.IndexedTick;
import com.tradeplan.simulator.SimulationOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One rule scenario: plans, ticks, what the broker and the trader do around them, and exactly what
 * must come out. The format is documented for strategy admins in docs/rules.md ("Scenario files").
 *
 * <p>Every field is checked when the file is read ({@link ScenarioParser}): an unknown field, a
 * misspelled status or role, a plan without an expectation is a {@link ScenarioException} naming
 * the file and the field, never a scenario that silently checks less than its author meant.
 */
public record ScenarioFile(
    String file,
    String name,
    String description,
    String knownIssue,
    SimulationOptions options,
    List<PlanDraft> plans,
    List<IndexedTick> ticks,
    List<BrokerEvent> broker,
    List<TraderAction> trader,
    Map<String, PlanExpectation> expect,
    List<String> alerts) {

  /** Bound on one scenario: it is a hand-written example, not a tick file. */
  public static final int TICKS_MAX = 10_000;

  /** When the first tick happens if the file does not say (a Monday at the US open). */
  public static final Instant DEFAULT_START = Instant.parse("2026-03-02T14:30:00Z");

  /** Time between ticks written without a time. */
  public static final Duration AUTO_STEP = Duration.ofSeconds(1);

  /** What the simulated broker does differently at a tick (fault injection). */
  public sealed interface BrokerEvent {
    /** The tick before whose fills this takes effect. */
    long at();
  }

  /**
   * The broker rejects the next order of {@code role} (and target {@code index}, when given) of the
   * plan sent at or after tick {@code at}.
   */
  public record RejectNext(long at, String plan, OrderRole role, Integer index, String reason)
      implements BrokerEvent {}

  /**
   * A local limit denies the next order of {@code role} (and target {@code index}, when given) of
   * the plan sent at or after tick {@code at}: the submit answers DENIED, the order never reaches
   * the simulated market.
   */
  public record DenyNext(long at, String plan, OrderRole role, Integer index, String reason)
      implements BrokerEvent {}

  /** Orders of {@code role} of the plan sent from tick {@code at} on get no simulated fills. */
  public record Hold(long at, String plan, OrderRole role) implements BrokerEvent {}

  /** Held orders of {@code role} work again: their remainder fills at tick {@code at}'s last. */
  public record Release(long at, String plan, OrderRole role) implements BrokerEvent {}

  /**
   * The broker reports an execution of {@code ref} before tick {@code at}'s fills: a partial fill
   * of a held order, or a late fill of an order that was cancelled. {@code price} null means that
   * tick's last; {@code commission} null means the scenario's commission per share.
   */
  public record InjectedFill(
      long at, OrderRef ref, long quantity, BigDecimal price, BigDecimal commission)
      implements BrokerEvent {}

  /**
   * The broker reports a commission for an execution of {@code ref} before tick {@code at}'s fills,
   * separately from the execution (as IB does), e.g. after the trade closed.
   */
  public record InjectedCommission(long at, OrderRef ref, BigDecimal amount)
      implements BrokerEvent {}

  /**
   * A trader command after tick {@code at} was evaluated; {@code refused}: the rules (or, for a
   * change of exits, its validation) must refuse it, and when {@code because} is given the reason
   * must contain it. A change of exits ({@code type} CHANGE_EXITS) carries what the trader typed
   * ({@code change}), validated against the plan as it is at that moment, and the policy on
   * loosening the active stop ({@code loosenAllowed}, by default true as the platform's).
   */
  public record TraderAction(
      long at,
      String plan,
      TraderCommand.Type type,
      boolean refused,
      String because,
      ExitChangeDraft change,
      boolean loosenAllowed) {
    /** A cancel or a flatten. */
    public TraderAction(long at, String plan, TraderCommand.Type type, boolean refused) {
      this(at, plan, type, refused, null, null, true);
    }
  }

  /**
   * What one plan must look like at the end. A null field is not checked, except {@code
   * avgEntryPrice}, which is checked when {@code avgEntryPriceChecked} (a JSON null then means
   * "nothing filled"). {@code events} is the plan's whole history, in order.
   */
  public record PlanExpectation(
      PlanStatus orderStatus,
      TradeStatus tradeStatus,
      Long position,
      Long filledEntryQuantity,
      boolean avgEntryPriceChecked,
      BigDecimal avgEntryPrice,
      BigDecimal realizedPnl,
      BigDecimal commission,
      List<ExpectedError> errors,
      List<EventLine> events) {}

  /** A validation error the plan must report: its field, and its message when written. */
  public record ExpectedError(String field, String message) {
    boolean matches(FieldError actual) {
      return field.equals(actual.field()) && (message == null || message.equals(actual.message()));
    }

    @Override
    public String toString() {
      return message == null ? field : field + ": " + message;
    }
  }

  public static ScenarioFile read(Path path) {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read scenario " + path, e);
    }
    return parse(path.toString(), text);
  }

  /** Reads scenario text; {@code file} names it in errors. */
  public static ScenarioFile parse(String file, String json) {
    return ScenarioParser.parse(file, json);
  }

  /** The plan ids in file order. */
  public List<String> planIds() {
    return plans.stream().map(p -> Optional.ofNullable(p.id()).orElse("?")).toList();
  }
}
