package com.tradeplan.gateway;

import com.tradeplan.broker.tws.ErrorCodes;
import com.tradeplan.broker.tws.FieldReader;
import com.tradeplan.broker.tws.FieldWriter;
import com.tradeplan.domain.plan.TickBands;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The paper gateway's answers to reqContractDetails and reqMarketRule: every stock symbol is known
 * (the exchange trades any symbol it is sent), on the tick grid {@link GatewayConfig#tickSizes}
 * gives it (0.01 when it names none), with its hours from {@link GatewayConfig#calendar} (holidays
 * included, as IB writes them: {@code 20261225:CLOSED}); a symbol in {@link
 * GatewayConfig#symbolsWithoutContract}, or a security type other than STK, is unknown (IB's error
 * 200). Each contract names its market rule: a symbol of {@link GatewayConfig#symbolMarketRules}
 * that rule (a grid of price bands), every other the flat rule of its tick size (ids from {@link
 * #FLAT_RULE_FIRST}, one per tick size, at most {@link #FLAT_RULES_MAX}). A test may move a symbol
 * to another grid while the gateway runs ({@link #setTickSize}), to see a client's cache refresh.
 * Thread-safe: the maps are concurrent, the rest is immutable.
 */
final class ContractDirectory {
  static final BigDecimal DEFAULT_TICK = new BigDecimal("0.01");

  /** Days the hours in contract details cover: today and the next day, in the calendar's zone. */
  static final int HOURS_DAYS = 2;

  static final int FLAT_RULE_FIRST = 1_000;
  static final int FLAT_RULES_MAX = 1_000;

  private final Map<String, BigDecimal> tickSizes;
  private final Set<String> unknown;
  private final Clock clock;
  private final ExchangeCalendar calendar;
  private final Map<Integer, TickBands> rules;
  private final Map<String, Integer> symbolRules;
  private final Map<BigDecimal, Integer> flatRuleIds = new ConcurrentHashMap<>();

  ContractDirectory(GatewayConfig config) {
    this.tickSizes = new ConcurrentHashMap<>(config.tickSizes);
    this.unknown = ConcurrentHashMap.newKeySet();
    this.unknown.addAll(config.symbolsWithoutContract);
    this.clock = config.clock;
    this.calendar = config.calendar;
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
    LocalDate today = LocalDate.now(clock.withZone(calendar.zone()));
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
        calendar.zoneName(),
        calendar.hours(symbol, today, HOURS_DAYS, false).format(),
        calendar.hours(symbol, today, HOURS_DAYS, true).format(),
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
   * Null while an order on {@code symbol} may fill at {@code at} (the calendar's liquid session, or
   * with {@code outsideRth} its trading session: the hours its contract details give); otherwise
   * when its session opens next, as IB's warning 399 says it: {@code 2026-12-07 09:30:00
   * US/Eastern}.
   */
  String closedUntil(String symbol, Instant at, boolean outsideRth) {
    return calendar.closedUntil(symbol, at, outsideRth);
  }
}
