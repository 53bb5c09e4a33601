package com.tradeplan.runtime;

import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.plan.FieldError;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.domain.plan.Plan;
import com.tradeplan.domain.plan.PlanDraft;
import com.tradeplan.domain.plan.PlanValidator;
import com.tradeplan.domain.plan.Side;
import com.tradeplan.domain.plan.TickBands;
import com.tradeplan.domain.plan.TickSizes;
import com.tradeplan.domain.plan.ValidationResult;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.domain.strategy.StrategyCatalog;
import com.tradeplan.store.CreateResult;
import com.tradeplan.store.TradeStore;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The two answers an operator gives to a reconciliation difference (issue 14, point 8;
 * docs/accounts.md): <b>adopt</b> the shares into a new plan of a user of the account, LIVE at once
 * with the stop (and target) the operator gives, so that the engine protects them from the next
 * tick as any live trade; or <b>flatten</b> them: the same adoption with a stop one tick away,
 * flattened at once through the plan's own flatten, so that the market order for exactly the
 * difference goes through the engine, the risk gate, the send journal and the plan's history like
 * every exit, and can never be sent twice.
 *
 * <p>An action needs the difference confirmed by the last check, with the figure the operator saw
 * ({@code expectedDifference}); once acted on, the difference is forgotten until two new checks
 * find it again, so a second click (or a second operator) cannot adopt or flatten the same shares
 * twice. Actions are serialized. Called on request threads; expected outcomes are {@link
 * CommandResult}s, never throws.
 */
public final class PositionActions {
  private final PositionReconciliation reconciliation;
  private final UserAccounts accounts;
  private final TradeStore store;
  private final Clock clock;
  private final PlanReads reads;
  private final DraftPlans drafts;
  private final Membership membership;
  private final LiveHub live;
  private final Alerts alerts;
  private final UserPlanLimits limits;
  private final TickSizes tickSizes;
  private final Function<String, BigDecimal> lastPrices;
  private final Function<String, Integer> ruleSetForActivation;
  private final BiFunction<String, String, CommandResult<PlanView>> flatten;
  private final SecureRandom ids = new SecureRandom();

  PositionActions(
      PositionReconciliation reconciliation,
      UserAccounts accounts,
      TradeStore store,
      Clock clock,
      PlanReads reads,
      DraftPlans drafts,
      Membership membership,
      LiveHub live,
      Alerts alerts,
      UserPlanLimits limits,
      TickSizes tickSizes,
      Function<String, BigDecimal> lastPrices,
      Function<String, Integer> ruleSetForActivation,
      BiFunction<String, String, CommandResult<PlanView>> flatten) {
    this.reconciliation = reconciliation;
    this.accounts = accounts;
    this.store = store;
    this.clock = clock;
    this.reads = reads;
    this.drafts = drafts;
    this.membership = membership;
    this.live = live;
    this.alerts = alerts;
    this.limits = limits;
    this.tickSizes = tickSizes;
    this.lastPrices = lastPrices;
    this.ruleSetForActivation = ruleSetForActivation;
    this.flatten = flatten;
  }

  /**
   * What the operator asks for one difference.
   *
   * @param account the IB account of the difference
   * @param symbol its symbol
   * @param owner the user the new plan belongs to: one linked to {@code account}
   * @param expectedDifference the difference as the operator saw it (decimal text)
   * @param stop the protective stop of an adopted plan (ignored by flatten)
   * @param target an optional target of an adopted plan (null: none)
   * @param price the value of a share taken over (null: the last price)
   * @param why the operator's words, kept in the plan's history
   */
  public record Request(
      String account,
      String symbol,
      String owner,
      String expectedDifference,
      String stop,
      String target,
      String price,
      String why) {}

  /** Adopts the difference into a new LIVE plan of {@code request.owner()}, protected at once. */
  public synchronized CommandResult<PlanView> adopt(String actor, Request request) {
    return adoptChecked(actor, request, false);
  }

  /**
   * Sends one market order for exactly the difference (SELL for shares IB holds beyond the plans,
   * BUY for shares short of them), as the flatten of a plan that adopts them first.
   */
  public synchronized CommandResult<PlanView> flatten(String actor, Request request) {
    CommandResult<PlanView> adopted = adoptChecked(actor, request, true);
    if (!(adopted instanceof CommandResult.Ok<PlanView> ok)) {
      return adopted;
    }
    CommandResult<PlanView> flat = flatten.apply(request.owner(), ok.value().snapshot().planId());
    if (!(flat instanceof CommandResult.Ok<PlanView>)) {
      alerts.alert(
          "RECONCILE_FLATTEN_NOT_SENT",
          "plan "
              + ok.value().snapshot().planId()
              + " adopted the difference of "
              + request.account()
              + " "
              + request.symbol()
              + " but its flatten was not taken ("
              + flat
              + "): it is live with a stop one tick away; flatten it from its page");
    }
    return flat;
  }

  private CommandResult<PlanView> adoptChecked(String actor, Request r, boolean toFlatten) {
    List<FieldError> errors = new ArrayList<>();
    BigDecimal expected = decimal(r.expectedDifference(), "expectedDifference", errors);
    if (blank(r.owner())) {
      errors.add(new FieldError("owner", "required: a user linked to the account"));
    }
    if (!toFlatten && blank(r.stop())) {
      errors.add(new FieldError("stop", "required: the protective stop of the adopted shares"));
    }
    if (!errors.isEmpty()) {
      return new CommandResult.Invalid<>(errors);
    }
    Optional<PositionReconciliation.Mismatch> found =
        reconciliation.report().mismatches().stream()
            .filter(m -> m.account().equals(r.account()) && m.symbol().equals(r.symbol()))
            .findFirst();
    if (found.isEmpty()) {
      return new CommandResult.Conflict<>(
          "no confirmed difference of " + r.account() + " " + r.symbol() + ": check again");
    }
    BigDecimal difference = found.get().difference();
    if (difference.compareTo(expected) != 0) {
      return new CommandResult.Conflict<>(
          "the difference of "
              + r.account()
              + " "
              + r.symbol()
              + " is "
              + difference.toPlainString()
              + " now, not "
              + expected.toPlainString());
    }
    if (difference.stripTrailingZeros().scale() > 0) {
      return new CommandResult.Refused<>(
          "a difference of fractional shares ("
              + difference.toPlainString()
              + ") cannot be a plan");
    }
    Optional<String> linked;
    try {
      linked = accounts.accountOf(r.owner());
    } catch (RuntimeException e) {
      return DraftPlans.storeUnavailable(e);
    }
    if (!linked.equals(Optional.of(r.account()))) {
      return new CommandResult.Refused<>(
          "user "
              + r.owner()
              + " trades "
              + linked.map(a -> "account " + a).orElse("no account")
              + ", not "
              + r.account());
    }
    // The adopted plan runs with the account's other users (docs/cluster.md, "Account affinity").
    String notPlaced = membership.placeIn(r.owner(), r.account());
    if (notPlaced != null) {
      return new CommandResult.Refused<>(notPlaced);
    }
    Instrument instrument = Instrument.stock(r.symbol());
    TickSizes.Lookup tick = tickSizes.tickSize(instrument, DraftPlans.TICK_SIZE_WAIT);
    if (!tick.isKnown()) {
      return new CommandResult.Refused<>(DraftPlans.tickUnknown(tick));
    }
    String price = blank(r.price()) ? plain(lastPrices.apply(r.symbol())) : r.price();
    if (price == null) {
      return new CommandResult.Invalid<>(
          List.of(
              new FieldError(
                  "price", "no last price of " + r.symbol() + " known: give the share's value")));
    }
    Side side = difference.signum() > 0 ? Side.LONG : Side.SHORT;
    String stop = toFlatten ? oneTickAway(price, tick.grid(), side) : r.stop();
    String planId = newId();
    PlanDraft draft =
        new PlanDraft(
            planId,
            r.owner(),
            r.symbol(),
            "STK",
            "SMART",
            "USD",
            side.name(),
            difference.abs().toBigInteger().toString(),
            new PlanDraft.EntryDraft(side == Side.LONG ? "ABOVE" : "BELOW", price, null),
            List.of(new PlanDraft.StopDraft(stop, null)),
            blank(r.target()) || toFlatten
                ? List.of()
                : List.of(new PlanDraft.TargetDraft(r.target(), null)),
            null,
            List.of());
    ValidationResult v = PlanValidator.validate(draft, null, tick.grid(), StrategyCatalog.EMPTY);
    if (v instanceof ValidationResult.Invalid invalid) {
      return new CommandResult.Invalid<>(invalid.errors());
    }
    Plan plan = ((ValidationResult.Valid) v).plan();
    String words =
        (toFlatten ? "to be flattened" : "adopted")
            + " by "
            + actor
            + ": reconciliation difference "
            + difference.toPlainString()
            + " of "
            + r.account()
            + " "
            + r.symbol()
            + " taken over at "
            + price
            + (blank(r.why()) ? "" : " (" + r.why().strip() + ")");
    CommandResult<PlanView> stored = store(plan, new BigDecimal(price), r.account(), words);
    if (stored instanceof CommandResult.Ok<PlanView>) {
      reconciliation.acted(r.account(), r.symbol());
    }
    return stored;
  }

  /** Stores the adopted plan with its history and hands it to the engine of the user's member. */
  private CommandResult<PlanView> store(Plan plan, BigDecimal price, String account, String words) {
    String owner = plan.owner();
    String planId = plan.id();
    OrderRef entry = new OrderRef(planId, OrderRole.ENTRY, 0, 1);
    String executionId = "adopted:" + planId;
    PlanSnapshot s =
        PlanSnapshot.adopted(
            plan, price, executionId, account, ruleSetForActivation.apply(owner), entry);
    Instant now = clock.instant();
    PlanEvent status = PlanEvent.status(planId, -1, now, s.status(), "reconciliation", words);
    CommandResult<PlanView> created =
        limits.withinLivePlans(
            owner,
            () -> {
              try {
                if (store.create(s, 2) == CreateResult.ALREADY_EXISTS) {
                  return new CommandResult.Conflict<>("a plan with id " + planId + " exists");
                }
                store.appendEvents(
                    owner,
                    planId,
                    0,
                    s.version(),
                    List.of(
                        status,
                        PlanEvent.fill(
                            entry,
                            -1,
                            now,
                            plan.side() == Side.LONG ? OrderAction.BUY : OrderAction.SELL,
                            plan.quantity(),
                            price,
                            executionId)));
              } catch (RuntimeException e) {
                return DraftPlans.storeUnavailable(e);
              }
              return null;
            });
    if (created != null) {
      return created;
    }
    if (!membership.addPlan(s)) {
      alerts.alert(
          "PLAN_NOT_HANDED_TO_CLUSTER",
          "adopted plan " + planId + " is LIVE in the store but the cluster did not take it");
      return new CommandResult.Unavailable<>(
          "adopted and stored; monitoring starts when the cluster takes it");
    }
    if (membership.shouldRun(owner)) {
      PlanSnapshot watched = drafts.awaitMonitored(planId, s.version());
      if (watched != null && UserTakeover.wasRefusedByEngine(watched)) {
        return new CommandResult.Refused<>(
            "the engine could not watch the plan, which was ended: " + watched.endReason());
      }
    }
    live.publish(owner, planId, status, reads.view(s));
    return new CommandResult.Ok<>(reads.view(s));
  }

  /** A stop one tick on the losing side of {@code price}: any exit of it sells what is adopted. */
  private static String oneTickAway(String price, TickBands grid, Side side) {
    BigDecimal p = new BigDecimal(price);
    BigDecimal tick = grid.incrementAt(p);
    BigDecimal stop = side == Side.LONG ? p.subtract(tick) : p.add(tick);
    return stop.signum() > 0 ? stop.toPlainString() : price;
  }

  private static BigDecimal decimal(String text, String field, List<FieldError> errors) {
    if (blank(text)) {
      errors.add(new FieldError(field, "required"));
      return null;
    }
    try {
      return new BigDecimal(text.strip());
    } catch (NumberFormatException e) {
      errors.add(new FieldError(field, "not a decimal: " + text));
      return null;
    }
  }

  private static String plain(BigDecimal d) {
    return d == null ? null : d.toPlainString();
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private String newId() {
    byte[] b = new byte[6];
    ids.nextBytes(b);
    StringBuilder sb = new StringBuilder("adopt-");
    for (byte x : b) {
      sb.append(String.format("%02x", x));
    }
    return sb.toString();
  }
}
