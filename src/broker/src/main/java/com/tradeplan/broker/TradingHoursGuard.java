package com.tradeplan.broker;

import com.tradeplan.broker.tws.ContractDetails;
import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.market.TradingHours;
import com.tradeplan.domain.market.TradingHoursRule;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.domain.plan.MarketHours;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.function.Function;

/**
 * The trading hours rule (docs/risk.md, "Trading hours"): with the rule on, an entry, or the
 * activation of a plan, is refused outside its instrument's trading or liquid hours as IB's
 * contract details give them ({@link ContractDetailsCache}), and also while those hours are not
 * known (fail closed: no details, hours IB did not send or that cannot be read, a time the hours do
 * not cover). The refusal names the rule, the hours and the time.
 *
 * <p>An exit is <b>never</b> refused by hours: {@link #exitSent} only alerts ({@code
 * EXIT_OUTSIDE_TRADING_HOURS}) when one goes out outside them, so that the operator knows it may
 * wait at IB for the session. With the rule {@link TradingHoursRule#OFF} nothing is checked.
 *
 * <p>Thread-safe (immutable; the cache is). Called on the engine's lanes ({@link RiskGate#submit})
 * and on the activation's thread; never throws: an unreadable fact refuses the entry.
 */
public final class TradingHoursGuard implements MarketHours {
  private final TradingHoursRule rule;
  private final Function<Instrument, Optional<ContractDetails>> details;
  private final Clock clock;
  private final OperatorAlerts alerts;

  public TradingHoursGuard(
      TradingHoursRule rule,
      Function<Instrument, Optional<ContractDetails>> details,
      Clock clock,
      OperatorAlerts alerts) {
    this.rule = rule;
    this.details = details;
    this.clock = clock;
    this.alerts = alerts;
  }

  public TradingHoursRule rule() {
    return rule;
  }

  /** Why an entry of {@code request} is refused now; null when it may go. */
  String entryRefusal(OrderRequest request) {
    return refusal(request.instrument(), clock.instant());
  }

  /** An exit was sent: alerted when it went out outside the hours the rule names. */
  void exitSent(OrderRequest exit) {
    if (rule == TradingHoursRule.OFF) {
      return;
    }
    String outside = refusal(exit.instrument(), clock.instant());
    if (outside != null) {
      alerts.alert(
          "EXIT_OUTSIDE_TRADING_HOURS",
          "exit " + exit.ref() + " sent, never refused by hours: " + outside);
    }
  }

  @Override
  public String refusal(Instrument instrument, Instant at) {
    if (rule == TradingHoursRule.OFF) {
      return null;
    }
    String symbol = instrument.symbol();
    String head = "trading hours rule (" + rule.words() + "): ";
    Optional<ContractDetails> known = details.apply(instrument);
    if (known.isEmpty()) {
      return head + "the hours of " + symbol + " are not known (no contract details from IB)";
    }
    ContractDetails d = known.get();
    String text = rule == TradingHoursRule.LIQUID ? d.liquidHours() : d.tradingHours();
    String zoneName = d.timeZoneId() == null ? "" : d.timeZoneId();
    ZoneId zone = zoneName.isBlank() ? null : ExecutionTime.zone(zoneName);
    if (zone == null) {
      return head + "the time zone '" + zoneName + "' of " + symbol + " is not known";
    }
    TradingHours.Parsed parsed = TradingHours.parse(text, zone);
    if (parsed.problem() != null) {
      return head
          + "the "
          + rule.words()
          + " of "
          + symbol
          + " cannot be read: "
          + parsed.problem();
    }
    TradingHours hours = parsed.hours();
    if (hours.isOpenAt(at)) {
      return null;
    }
    String when = hours.localTime(at, zoneName);
    if (!hours.covers(at)) {
      return head + symbol + "'s hours " + text + " do not cover " + when;
    }
    return head + symbol + " trades " + text + " (" + zoneName + "); it is " + when;
  }
}
