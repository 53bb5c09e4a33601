package com.tradeplan.domain.plan;

import com.tradeplan.domain.strategy.StrategyCatalog;
import com.tradeplan.domain.strategy.StrategyChoice;
import com.tradeplan.domain.strategy.StrategyValidator;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates a {@link PlanDraft} exactly as lifecycle.md section 3 says, returning every failing
 * field with a reason. Prices are never rounded: a price off the tick grid is an error.
 */
public final class PlanValidator {
  /** Bounds that keep one plan small: a plan is a trader's intent, not a data structure. */
  public static final int STOPS_MAX = 10;

  public static final int TARGETS_MAX = 10;
  public static final long QUANTITY_MAX = 10_000_000L;

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");
  private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9][A-Z0-9.\\- ]{0,20}");
  private static final Pattern EXCHANGE = Pattern.compile("[A-Z0-9]{1,12}");
  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
  private static final Set<String> SEC_TYPES = Set.of("STK", "FUT", "OPT", "CASH", "CFD", "IND");

  private final TickBands grid;
  private final List<FieldError> errors = new ArrayList<>();
  private final Set<String> alreadyReported = new HashSet<>();

  // Each price that is valid on its own, for the ordering rules: a price is checked against the
  // others even when a sibling field (the entry condition, a stop's activateAt, a target's
  // quantity) is wrong, so that the trader gets every failing field at once. Null: invalid.
  private BigDecimal entryPrice;
  private final List<BigDecimal> stopPrices = new ArrayList<>();
  private final List<BigDecimal> stopActivations = new ArrayList<>();
  private final List<Boolean> stopHasActivation = new ArrayList<>();
  private final List<BigDecimal> targetPrices = new ArrayList<>();

  private final StrategyCatalog strategies;

  private PlanValidator(TickBands grid, StrategyCatalog strategies) {
    this.grid = grid;
    this.strategies = strategies;
  }

  /** Validates without the activation-time check of {@code expiresAt} (a draft being saved). */
  public static ValidationResult validate(PlanDraft draft) {
    return validate(draft, null, Instrument.DEFAULT_TICK_SIZE);
  }

  /**
   * Validates for activation at {@code activationTime} (null: skip the "expiresAt in the future"
   * check) on an instrument with the given tick size.
   */
  public static ValidationResult validate(
      PlanDraft draft, Instant activationTime, BigDecimal tickSize) {
    return validate(draft, activationTime, tickSize, StrategyCatalog.EMPTY);
  }

  /**
   * As {@link #validate(PlanDraft, Instant, BigDecimal)}, a chosen strategy read against {@code
   * strategies} (the rule-set version the plan will run on): unknown strategies and bad parameters
   * are errors of {@code strategy.name} and {@code strategy.params.NAME}.
   */
  public static ValidationResult validate(
      PlanDraft draft, Instant activationTime, BigDecimal tickSize, StrategyCatalog strategies) {
    return validate(draft, activationTime, TickBands.uniform(tickSize), strategies);
  }

  /**
   * As {@link #validate(PlanDraft, Instant, BigDecimal, StrategyCatalog)} on a grid of price bands
   * (IB's market rule): each price must be a multiple of the increment <b>at that price</b>; the
   * trailing distance (a distance, not a price) a multiple of the finest increment. The plan's
   * instrument gets the finest increment as its tick size.
   */
  public static ValidationResult validate(
      PlanDraft draft, Instant activationTime, TickBands grid, StrategyCatalog strategies) {
    return new PlanValidator(grid, strategies).run(draft, activationTime);
  }

  /**
   * The prices of a valid {@code plan} that are off the grid of {@code tickSize}, each named by its
   * field as validation names it (a plan saved on one grid, activated on the exchange's).
   */
  public static List<FieldError> offTickGrid(Plan plan, BigDecimal tickSize) {
    return offTickGrid(plan, TickBands.uniform(tickSize));
  }

  /**
   * The prices of a valid {@code plan} that are off {@code grid}: each price against the increment
   * at that price, the trailing distance against the finest increment.
   */
  public static List<FieldError> offTickGrid(Plan plan, TickBands grid) {
    List<FieldError> off = new ArrayList<>();
    offGrid(off, "entry.price", plan.entry().price(), grid);
    for (int i = 0; i < plan.stops().size(); i++) {
      offGrid(off, "stops[" + i + "].price", plan.stops().get(i).price(), grid);
      offGrid(off, "stops[" + i + "].activateAt", plan.stops().get(i).activateAt(), grid);
    }
    for (int j = 0; j < plan.targets().size(); j++) {
      offGrid(off, "targets[" + j + "].price", plan.targets().get(j).price(), grid);
    }
    if (plan.trailingStop() != null) {
      offGrid(
          off,
          "trailingStop.distance",
          plan.trailingStop().distance(),
          TickBands.uniform(grid.finest()));
    }
    return off;
  }

  private static void offGrid(
      List<FieldError> out, String field, BigDecimal price, TickBands grid) {
    if (price != null && !grid.isOnGrid(price)) {
      out.add(new FieldError(field, grid.offGrid(price)));
    }
  }

  private ValidationResult run(PlanDraft d, Instant activationTime) {
    for (FieldError e : d.inputErrors()) {
      errors.add(e);
      alreadyReported.add(e.field());
    }
    String id = text(d.id(), "id", ID, "must be 1 to 64 letters, digits, '_', '.' or '-'");
    String owner = text(d.owner(), "owner", ID, "must be 1 to 64 letters, digits, '_', '.' or '-'");
    String symbol =
        text(
            d.symbol(),
            "symbol",
            SYMBOL,
            "must be 1 to 21 upper-case letters, digits, '.', '-' or spaces");
    String secType = optionalText(d.secType(), "secType", null, "");
    if (secType != null && !SEC_TYPES.contains(secType)) {
      error("secType", "must be one of " + new java.util.TreeSet<>(SEC_TYPES));
      secType = null;
    }
    String exchange =
        optionalText(d.exchange(), "exchange", EXCHANGE, "must be 1 to 12 upper-case letters");
    String currency =
        optionalText(d.currency(), "currency", CURRENCY, "must be a 3-letter currency code");
    Side side = enumValue(d.side(), "side", Side.class);
    Long quantity = integer(d.quantity(), "quantity", true);
    if (quantity != null && quantity > QUANTITY_MAX) {
      error("quantity", "must be at most " + QUANTITY_MAX);
      quantity = null;
    }

    Entry entry = entry(d.entry(), activationTime);
    List<Stop> stops = stops(d.stops());
    List<Target> targets = targets(d.targets(), quantity);
    TrailingStop trailing = null;
    if (d.trailingStop() != null) {
      BigDecimal distance =
          price(
              d.trailingStop().distance(),
              "trailingStop.distance",
              true,
              TickBands.uniform(grid.finest()));
      trailing = distance == null ? null : new TrailingStop(distance);
    }

    StrategyChoice strategy = null;
    if (d.strategy() != null) {
      StrategyValidator.Result r = StrategyValidator.validate(d.strategy(), strategies);
      errors.addAll(r.errors());
      strategy = r.choice();
    }

    if (side != null) {
      crossChecks(side, stops != null, targets != null);
    }
    if (!errors.isEmpty()) {
      return new ValidationResult.Invalid(errors);
    }
    Instrument instrument = new Instrument(symbol, secType, exchange, currency, grid.finest());
    return new ValidationResult.Valid(
        new Plan(id, owner, instrument, side, quantity, entry, stops, targets, trailing, strategy));
  }

  private Entry entry(PlanDraft.EntryDraft e, Instant activationTime) {
    if (e == null) {
      if (!alreadyReported.contains("entry")) {
        error("entry", "is required");
      }
      return null;
    }
    EntryCondition condition = enumValue(e.condition(), "entry.condition", EntryCondition.class);
    BigDecimal price = price(e.price(), "entry.price", true);
    entryPrice = price;
    Instant expiresAt = null;
    boolean expiryOk = true;
    if (e.expiresAt() != null && !alreadyReported.contains("entry.expiresAt")) {
      try {
        expiresAt = Instant.parse(e.expiresAt());
        if (activationTime != null && !expiresAt.isAfter(activationTime)) {
          error("entry.expiresAt", "must be in the future at activation (" + activationTime + ")");
          expiryOk = false;
        }
      } catch (DateTimeParseException ex) {
        error("entry.expiresAt", "must be an ISO-8601 instant such as 2026-03-02T20:00:00Z");
        expiryOk = false;
      }
    }
    Integer slippage = slippageTicks(e.maxSlippageTicks());
    boolean slippageOk = e.maxSlippageTicks() == null || slippage != null;
    if (condition == null || price == null || !expiryOk || !slippageOk) {
      return null;
    }
    return new Entry(condition, price, expiresAt, slippage);
  }

  /** {@code entry.maxSlippageTicks}: absent (a market entry) or a whole number 0..1000. */
  private Integer slippageTicks(String value) {
    String field = "entry.maxSlippageTicks";
    if (value == null || alreadyReported.contains(field)) {
      return null;
    }
    if (!value.matches("[0-9]{1,4}") || Integer.parseInt(value) > Entry.MAX_SLIPPAGE_TICKS_MAX) {
      error(
          field,
          "must be a whole number of ticks from 0 to "
              + Entry.MAX_SLIPPAGE_TICKS_MAX
              + " (absent: a market entry)");
      return null;
    }
    return Integer.parseInt(value);
  }

  private List<Stop> stops(List<PlanDraft.StopDraft> drafts) {
    if (drafts == null || drafts.isEmpty()) {
      if (!alreadyReported.contains("stops")) {
        error("stops", "at least one stop is required");
      }
      return null;
    }
    if (drafts.size() > STOPS_MAX) {
      error("stops", "at most " + STOPS_MAX + " stops");
      return null;
    }
    List<Stop> stops = new ArrayList<>();
    boolean ok = true;
    for (int i = 0; i < drafts.size(); i++) {
      PlanDraft.StopDraft s = drafts.get(i);
      if (s == null || alreadyReported.contains("stops[" + i + "]")) {
        if (s == null) {
          error("stops[" + i + "]", "must be an object");
        }
        ok = false;
        stops.add(null);
        stopPrices.add(null);
        stopActivations.add(null);
        stopHasActivation.add(false);
        continue;
      }
      BigDecimal price = price(s.price(), "stops[" + i + "].price", true);
      BigDecimal activateAt = price(s.activateAt(), "stops[" + i + "].activateAt", false);
      boolean activateBad = s.activateAt() != null && activateAt == null;
      stopPrices.add(price);
      stopActivations.add(activateAt);
      stopHasActivation.add(s.activateAt() != null);
      if (price == null || activateBad) {
        ok = false;
        stops.add(null);
      } else {
        stops.add(new Stop(price, activateAt));
      }
    }
    return ok ? stops : partial(stops);
  }

  private List<Target> targets(List<PlanDraft.TargetDraft> drafts, Long planQuantity) {
    if (drafts == null) {
      return List.of();
    }
    if (drafts.size() > TARGETS_MAX) {
      error("targets", "at most " + TARGETS_MAX + " targets");
      return null;
    }
    List<Target> targets = new ArrayList<>();
    boolean ok = true;
    long explicitSum = 0;
    for (int j = 0; j < drafts.size(); j++) {
      PlanDraft.TargetDraft t = drafts.get(j);
      if (t == null || alreadyReported.contains("targets[" + j + "]")) {
        if (t == null) {
          error("targets[" + j + "]", "must be an object");
        }
        ok = false;
        targets.add(null);
        targetPrices.add(null);
        continue;
      }
      BigDecimal price = price(t.price(), "targets[" + j + "].price", true);
      targetPrices.add(price);
      Long qty = integer(t.quantity(), "targets[" + j + "].quantity", false);
      boolean qtyBad = t.quantity() != null && qty == null;
      if (qty != null) {
        explicitSum += qty;
        if (planQuantity != null && explicitSum > planQuantity) {
          error(
              "targets[" + j + "].quantity",
              "explicit target quantities add up to "
                  + explicitSum
                  + ", more than the plan quantity "
                  + planQuantity);
          qtyBad = true;
        }
      }
      if (price == null || qtyBad) {
        ok = false;
        targets.add(null);
      } else {
        targets.add(new Target(price, qty));
      }
    }
    return ok ? targets : partial(targets);
  }

  /** Keeps the valid elements' positions so cross checks can still run on them; never returned. */
  private static <T> List<T> partial(List<T> list) {
    return new ArrayList<>(list);
  }

  /**
   * The ordering rules of lifecycle.md section 3, on every price that is valid on its own. Runs on
   * the stops (targets) only when the list as a whole was usable ({@code stopsUsable}).
   */
  private void crossChecks(Side side, boolean stopsUsable, boolean targetsUsable) {
    String sideName = side.name();
    String below = side == Side.LONG ? "below" : "above";
    String above = side == Side.LONG ? "above" : "below";
    if (stopsUsable) {
      for (int i = 0; i < stopPrices.size(); i++) {
        BigDecimal stop = stopPrices.get(i);
        if (stop == null) {
          continue;
        }
        if (!stopHasActivation.get(i)) {
          if (entryPrice != null && !side.isBetter(entryPrice, stop)) {
            error(
                "stops[" + i + "].price",
                "must be " + below + " the entry price for a " + sideName);
          }
        } else if (stopActivations.get(i) != null && !side.isBetter(stopActivations.get(i), stop)) {
          error(
              "stops[" + i + "].activateAt",
              "must be " + above + " the stop price for a " + sideName);
        }
      }
    }
    if (!targetsUsable) {
      return;
    }
    for (int j = 0; j < targetPrices.size(); j++) {
      BigDecimal target = targetPrices.get(j);
      if (target == null) {
        continue;
      }
      if (entryPrice != null && !side.isBetter(target, entryPrice)) {
        error(
            "targets[" + j + "].price", "must be " + above + " the entry price for a " + sideName);
      }
      if (stopsUsable) {
        for (BigDecimal stop : stopPrices) {
          if (stop != null && !side.isBetter(target, stop)) {
            error(
                "targets[" + j + "].price",
                "must be " + above + " every stop price for a " + sideName);
            break;
          }
        }
      }
    }
  }

  private String text(String value, String field, Pattern pattern, String rule) {
    if (alreadyReported.contains(field)) {
      return null;
    }
    if (value == null || value.isBlank()) {
      error(field, "is required");
      return null;
    }
    if (!pattern.matcher(value).matches()) {
      error(field, rule);
      return null;
    }
    return value;
  }

  private String optionalText(String value, String field, Pattern pattern, String rule) {
    if (value == null || alreadyReported.contains(field)) {
      return null;
    }
    if (pattern != null && !pattern.matcher(value).matches()) {
      error(field, rule);
      return null;
    }
    return value;
  }

  /**
   * Whether {@code value} is there to be checked: not when its field was already reported, nor when
   * it is absent (a required one is reported as missing).
   */
  private boolean present(String value, String field, boolean required) {
    if (alreadyReported.contains(field)) {
      return false;
    }
    if (value == null) {
      if (required) {
        error(field, "is required");
      }
      return false;
    }
    return true;
  }

  private <E extends Enum<E>> E enumValue(String value, String field, Class<E> type) {
    if (!present(value, field, true)) {
      return null;
    }
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(value)) {
        return e;
      }
    }
    List<String> names = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      names.add(e.name());
    }
    error(field, "must be one of " + String.join(", ", names));
    return null;
  }

  private Long integer(String value, String field, boolean required) {
    if (!present(value, field, required)) {
      return null;
    }
    if (!value.matches("-?[0-9]{1,18}")) {
      error(field, "must be an integer > 0");
      return null;
    }
    long v = Long.parseLong(value);
    if (v <= 0) {
      error(field, "must be an integer > 0");
      return null;
    }
    return v;
  }

  private BigDecimal price(String value, String field, boolean required) {
    return price(value, field, required, grid);
  }

  private BigDecimal price(String value, String field, boolean required, TickBands on) {
    if (!present(value, field, required)) {
      return null;
    }
    PriceText.Parsed p = PriceText.parse(value, on);
    if (p.problem() != null) {
      error(field, p.problem());
    }
    return p.price();
  }

  private void error(String field, String message) {
    errors.add(new FieldError(field, message));
  }
}
