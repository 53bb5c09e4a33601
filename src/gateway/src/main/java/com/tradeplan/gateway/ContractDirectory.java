package com.tradeplan.gateway;

import com.tradeplan.broker.tws.ErrorCodes;
import com.tradeplan.broker.tws.FieldReader;
import com.tradeplan.broker.tws.FieldWriter;
import com.tradeplan.domain.market.TradingHours;
import com.tradeplan.domain.plan.TickBands;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The paper gateway's answers to reqContractDetails and reqMarketRule: every stock symbol is known
 * (the exchange trades any symbol it is sent), on the tick grid {@link GatewayConfig#tickSizes}
 * gives it (0.01 when it names none), with the regular US session as its hours; a symbol in {@link
 * GatewayConfig#symbolsWithoutContract}, or a security type other than STK, is unknown (IB's error
 * 200). Each contract names its market rule: a symbol of {@link GatewayConfig#symbolMarketRules}
 * that rule (a grid of price bands), every other the flat rule of its tick size (ids from {@link
 * #FLAT_RULE_FIRST}, one per tick size, at most {@link #FLAT_RULES_MAX}). A test may move a symbol
 * to another grid while the gateway runs ({@link #setTickSize}), to see a client's cache refresh.
 * Thread-safe: the maps are concurrent, the rest is immutable.
 */
final class ContractDirectory {
  static final BigDecimal DEFAULT_TICK = new BigDecimal("0.01");
  static final String TIME_ZONE = "US/Eastern";
  private static final ZoneId ZONE = ZoneId.of("America/New_York");
  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

  private static final DateTimeFormatter OPENS_AT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final String TRADING_OPEN = "0400";
  private static final String TRADING_CLOSE = "2000";
  private static final String LIQUID_OPEN = "0930";
  private static final String LIQUID_CLOSE = "1600";

  /** Days looked ahead for the next session (a weekend and a little more). */
  private static final int NEXT_SESSION_DAYS_MAX = 7;

  static final int FLAT_RULE_FIRST = 1_000;
  static final int FLAT_RULES_MAX = 1_000;

  private final Map<String, BigDecimal> tickSizes;
  private final Set<String> unknown;
  private final Clock clock;
  private final Map<Integer, TickBands> rules;
  private final Map<String, Integer> symbolRules;
  private final Map<BigDecimal, Integer> flatRuleIds = new ConcurrentHashMap<>();

  ContractDirectory(GatewayConfig config) {
    this.tickSizes = new ConcurrentHashMap<>(config.tickSizes);
    this.unknown = ConcurrentHashMap.newKeySet();
    this.unknown.addAll(config.symbolsWithoutContract);
    this.clock = config.clock;
    this.rules = new ConcurrentHashMap<>(config.marketRules);
    this.symbolRules = new ConcurrentHashMap<>(config.symbolMarketRules);
    this.symbolRules.values().removeIf(id -> !rules.containsKey(id));
    flatRuleOf(DEFAULT_TICK);
    tickSizes.values().stream().sorted().forEach(this::flatRuleOf);
  }

  /** Moves {@code symbol} onto the flat grid of {@code tick} (off any rule of price bands). */
  void setTickSize(String symbol, BigDecimal tick) {
    flatRuleOf(tick);
    tickSizes.put(symbol, tick);
    symbolRules.remove(symbol);
  }

  /**
   * The answer to reqMarketRule (the message id already read): the rule's bands, or error 321 for a
   * rule id the gateway does not know (IB's answer to an unknown id is not documented).
   */
  FieldWriter marketRule(FieldReader r) {
    int id = r.readInt();
    TickBands bands = rule(id);
    if (bands == null) {
      return ServerMessages.error(
          -1,
          GatewayErrorCodes.ERROR_VALIDATING_REQUEST,
          "Error validating request: market rule " + id + " is not known to the paper gateway");
    }
    return ServerMessages.marketRule(id, bands);
  }

  /** The bands of rule {@code id}, or null when the gateway has no such rule. */
  TickBands rule(int id) {
    TickBands configured = rules.get(id);
    if (configured != null) {
      return configured;
    }
    for (Map.Entry<BigDecimal, Integer> e : flatRuleIds.entrySet()) {
      if (e.getValue() == id) {
        return TickBands.uniform(e.getKey());
      }
    }
    return null;
  }

  /** The id of the flat rule of {@code tick}, given on first use. */
  private synchronized int flatRuleOf(BigDecimal tick) {
    BigDecimal key = tick.stripTrailingZeros();
    Integer id = flatRuleIds.get(key);
    if (id != null) {
      return id;
    }
    if (flatRuleIds.size() >= FLAT_RULES_MAX) {
      throw new IllegalStateException("the paper gateway keeps " + FLAT_RULES_MAX + " tick sizes");
    }
    int next = FLAT_RULE_FIRST + flatRuleIds.size();
    flatRuleIds.put(key, next);
    return next;
  }

  /**
   * The answer to reqContractDetails (the message id already read): one contractData and the
   * contractDataEnd, or error 200 for a contract the gateway does not know.
   */
  List<FieldWriter> answer(FieldReader r, SimulatedExchange exchange) {
    r.readInt(); // version 8
    int reqId = r.readInt();
    r.readStr(); // conId
    String symbol = r.readStr();
    String secType = r.readStr();
    PaperContract c =
        symbol.isEmpty() || symbol.length() > FieldCheck.SYMBOL_CHARS_MAX
            ? null
            : find(symbol, secType, exchange.contractIdOf(symbol));
    if (c == null) {
      return List.of(
          ServerMessages.error(
              reqId,
              ErrorCodes.NO_SECURITY_DEFINITION,
              "No security definition has been found for the request: "
                  + FieldCheck.shortened(symbol)));
    }
    return List.of(ServerMessages.contractData(reqId, c), ServerMessages.contractDataEnd(reqId));
  }

  /** The contract of {@code symbol} with contract id {@code conId}; null when it is unknown. */
  PaperContract find(String symbol, String secType, int conId) {
    if (unknown.contains(symbol) || conId == 0 || !("STK".equals(secType) || secType.isEmpty())) {
      return null;
    }
    LocalDate today = LocalDate.now(clock.withZone(ZONE));
    Integer banded = symbolRules.get(symbol);
    BigDecimal minTick =
        banded != null ? rules.get(banded).finest() : tickSizes.getOrDefault(symbol, DEFAULT_TICK);
    int ruleId = banded != null ? banded : flatRuleOf(minTick);
    return new PaperContract(
        conId,
        symbol,
        "STK",
        "SMART",
        "NASDAQ",
        "USD",
        symbol + " (paper)",
        minTick,
        TIME_ZONE,
        hours(today, TRADING_OPEN, TRADING_CLOSE),
        hours(today, LIQUID_OPEN, LIQUID_CLOSE),
        ruleId);
  }

  /**
   * The grid an order's limit and stop prices must be on (else IB's error 110): the symbol's market
   * rule, or the flat grid of its tick size.
   */
  TickBands gridOf(String symbol) {
    Integer banded = symbolRules.get(symbol);
    TickBands bands = banded == null ? null : rules.get(banded);
    return bands != null ? bands : TickBands.uniform(tickSizes.getOrDefault(symbol, DEFAULT_TICK));
  }

  /**
   * Null while an order may fill at {@code at}: in the liquid hours its contract details give, or
   * with {@code outsideRth} in the trading hours (the same texts, read by {@link TradingHours});
   * otherwise when its session opens next, as IB's warning 399 says it: {@code 2026-12-07 09:30:00
   * US/Eastern}.
   */
  String closedUntil(Instant at, boolean outsideRth) {
    String open = outsideRth ? TRADING_OPEN : LIQUID_OPEN;
    String close = outsideRth ? TRADING_CLOSE : LIQUID_CLOSE;
    LocalDateTime local = LocalDateTime.ofInstant(at, ZONE);
    TradingHours.Parsed today = TradingHours.parse(hours(local.toLocalDate(), open, close), ZONE);
    if (today.hours() != null && today.hours().isOpenAt(at)) {
      return null;
    }
    LocalTime opens = LocalTime.parse(open, DateTimeFormatter.ofPattern("HHmm"));
    for (int i = 0; i <= NEXT_SESSION_DAYS_MAX; i++) {
      LocalDate d = local.toLocalDate().plusDays(i);
      LocalDateTime start = d.atTime(opens);
      if (!isWeekend(d) && start.isAfter(local)) {
        return start.format(OPENS_AT) + " " + TIME_ZONE;
      }
    }
    throw new IllegalStateException("no session within a week of " + at);
  }

  private static boolean isWeekend(LocalDate d) {
    return d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY;
  }

  /** Today and the next day in IB's form: {@code 20261207:0930-20261207:1600;20261208:CLOSED}. */
  private static String hours(LocalDate today, String open, String close) {
    StringBuilder sb = new StringBuilder();
    for (LocalDate d = today; !d.isAfter(today.plusDays(1)); d = d.plusDays(1)) {
      if (!sb.isEmpty()) {
        sb.append(';');
      }
      String day = d.format(DAY);
      if (isWeekend(d)) {
        sb.append(day).append(":CLOSED");
      } else {
        sb.append(day).append(':').append(open).append('-').append(day).append(':').append(close);
      }
    }
    return sb.toString();
  }
}
