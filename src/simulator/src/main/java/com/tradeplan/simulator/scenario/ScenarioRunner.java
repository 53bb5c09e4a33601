package com.tradeplan.simulator.scenario;

import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.plan.ExitChangeValidator;
import com.tradeplan.domain.state.OrderSnapshot;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.engine.RuleSet;
import com.tradeplan.engine.facts.CommandRefused;
import com.tradeplan.engine.facts.Commission;
import com.tradeplan.engine.facts.TraderCommand;
import com.tradeplan.formats.PlanResult;
import com.tradeplan.formats.ResultJson;
import com.tradeplan.simulator.SimulationRun;
import com.tradeplan.simulator.Simulator;
import com.tradeplan.simulator.scenario.ScenarioFile.BrokerEvent;
import com.tradeplan.simulator.scenario.ScenarioFile.DenyNext;
import com.tradeplan.simulator.scenario.ScenarioFile.Hold;
import com.tradeplan.simulator.scenario.ScenarioFile.InjectedCommission;
import com.tradeplan.simulator.scenario.ScenarioFile.InjectedFill;
import com.tradeplan.simulator.scenario.ScenarioFile.PlanExpectation;
import com.tradeplan.simulator.scenario.ScenarioFile.RejectNext;
import com.tradeplan.simulator.scenario.ScenarioFile.Release;
import com.tradeplan.simulator.scenario.ScenarioFile.TraderAction;
import com.tradeplan.simulator.scenario.ScenarioOutcome.Verdict;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Runs a {@link ScenarioFile} through the production engine and rules with the {@link Simulator}
 * (only the broker and the clock are simulated) and compares what came out with what the file
 * expects. Any operator alert the file does not expect fails the scenario: an alert means a rule
 * tried to break an invariant.
 */
public final class ScenarioRunner {
  private final RuleSet rules;

  public ScenarioRunner(RuleSet rules) {
    this.rules = Objects.requireNonNull(rules, "rules");
  }

  public ScenarioOutcome run(ScenarioFile scenario) {
    List<String> problems = new ArrayList<>();
    SimulationRun run;
    try {
      run = simulate(scenario, problems);
    } catch (RuntimeException e) {
      return new ScenarioOutcome(
          scenario.name(),
          scenario.file(),
          Verdict.ERROR,
          scenario.knownIssue(),
          List.of("the run failed: " + e));
    }
    compare(scenario, run, problems);
    Verdict verdict;
    if (problems.isEmpty()) {
      verdict = scenario.knownIssue() == null ? Verdict.PASS : Verdict.UNEXPECTED_PASS;
      if (verdict == Verdict.UNEXPECTED_PASS) {
        problems.add("passes now: remove its \"knownIssue\" so that it guards the behaviour again");
      }
    } else {
      verdict = scenario.knownIssue() == null ? Verdict.FAIL : Verdict.EXPECTED_FAIL;
    }
    return new ScenarioOutcome(
        scenario.name(), scenario.file(), verdict, scenario.knownIssue(), problems);
  }

  private SimulationRun simulate(ScenarioFile scenario, List<String> problems) {
    ScenarioBroker broker =
        new ScenarioBroker(scenario.options().maxFillPerTick(), scenario.options().commission());
    Simulator simulator = new Simulator(rules, scenario.options(), broker, i -> false);
    long[] executions = {0};
    Simulator.Script script =
        new Simulator.Script() {
          @Override
          public void beforeTick(long index, Tick tick, Simulator.Control control) {
            for (BrokerEvent e : scenario.broker()) {
              if (e.at() != index) {
                continue;
              }
              if (e instanceof RejectNext r) {
                broker.rejectNext(r.plan(), r.role(), r.index(), r.reason());
              } else if (e instanceof DenyNext d) {
                broker.denyNext(d.plan(), d.role(), d.index(), d.reason());
              } else if (e instanceof Hold h) {
                broker.hold(h.plan(), h.role());
              } else if (e instanceof Release r) {
                broker.release(r.plan(), r.role());
              } else if (e instanceof InjectedFill f) {
                injectFill(f, tick, control, broker, scenario, problems, ++executions[0]);
              } else if (e instanceof InjectedCommission c) {
                control.report(new Commission("scenario-commission-" + index, c.ref(), c.amount()));
              }
            }
          }

          @Override
          public void afterTick(long index, Tick tick, Simulator.Control control) {
            for (TraderAction a : scenario.trader()) {
              if (a.at() != index) {
                continue;
              }
              String what =
                  "trader "
                      + (a.change() == null ? a.type().name().toLowerCase() : a.change().kind())
                      + " of "
                      + a.plan()
                      + " after tick "
                      + index;
              String refusal = carryOut(a, control);
              if (refusal != null && !a.refused()) {
                problems.add(what + " was refused: " + refusal);
              } else if (refusal == null && a.refused()) {
                problems.add(what + " was expected to be refused but was carried out");
              } else if (refusal != null && a.because() != null && !refusal.contains(a.because())) {
                problems.add(what + " was refused for " + refusal + ", not " + a.because());
              }
            }
          }
        };
    return simulator.run(scenario.plans(), scenario.ticks().iterator(), script);
  }

  /**
   * Carries out a trader action; returns why it was refused (its validation or the rules), or null
   * when it was carried out. A change of exits is validated against the plan as it is now, as the
   * trading service does.
   */
  private static String carryOut(TraderAction a, Simulator.Control control) {
    TraderCommand command;
    if (a.change() == null) {
      command = new TraderCommand(a.plan(), a.type());
    } else {
      PlanSnapshot now = control.state(a.plan());
      Set<Integer> fired = new HashSet<>();
      for (int j = 0; j < now.targetFired().size(); j++) {
        if (now.targetFired().get(j)) {
          fired.add(j);
        }
      }
      ExitChangeValidator.Result r = ExitChangeValidator.validate(a.change(), now.plan(), fired);
      if (r instanceof ExitChangeValidator.Result.Invalid inv) {
        return "invalid: " + inv.errors();
      }
      ExitChangeValidator.Result.Valid v = (ExitChangeValidator.Result.Valid) r;
      command =
          TraderCommand.changeExits(a.plan(), v.change(), "trader", v.reason(), a.loosenAllowed());
    }
    List<CommandRefused> refused = control.command(command).refused();
    return refused.isEmpty() ? null : refused.get(0).reason();
  }

  private static void injectFill(
      InjectedFill f,
      Tick tick,
      Simulator.Control control,
      ScenarioBroker broker,
      ScenarioFile scenario,
      List<String> problems,
      long execution) {
    PlanSnapshot state = control.state(f.ref().planId());
    OrderSnapshot order =
        state == null
            ? null
            : state.orders().stream().filter(o -> o.ref().equals(f.ref())).findFirst().orElse(null);
    if (order == null) {
      problems.add("broker fill at tick " + f.at() + ": plan has no order " + f.ref());
      return;
    }
    broker.filledWhileHeld(f.ref(), f.quantity());
    BigDecimal commission =
        f.commission() != null
            ? f.commission()
            : scenario
                .options()
                .commission()
                .fillCommission(
                    BigDecimal.ZERO,
                    BigDecimal.ZERO,
                    BigDecimal.valueOf(f.quantity()),
                    f.price() == null ? tick.last() : f.price());
    control.report(
        new Fill(
            "scenario-" + execution,
            f.ref(),
            order.action(),
            f.quantity(),
            f.price() == null ? tick.last() : f.price(),
            commission,
            tick.time()));
  }

  // ---- comparison

  private static void compare(ScenarioFile scenario, SimulationRun run, List<String> problems) {
    for (PlanResult actual : run.result().plans()) {
      PlanExpectation x = scenario.expect().get(actual.id());
      if (x == null) {
        continue;
      }
      List<String> diff = new ArrayList<>();
      if (x.events() != null) {
        compareEvents(x.events(), actual.events(), diff);
      }
      field(diff, "orderStatus", x.orderStatus(), actual.orderStatus());
      field(diff, "tradeStatus", x.tradeStatus(), actual.tradeStatus());
      field(diff, "position", x.position(), actual.position());
      field(diff, "filledEntryQuantity", x.filledEntryQuantity(), actual.filledEntryQuantity());
      if (x.avgEntryPriceChecked()) {
        String want =
            x.avgEntryPrice() == null ? "null" : ResultJson.formatAvgEntryPrice(x.avgEntryPrice());
        String got =
            actual.avgEntryPrice() == null
                ? "null"
                : ResultJson.formatAvgEntryPrice(actual.avgEntryPrice());
        if (!sameNumber(want, got)) {
          diff.add("avgEntryPrice: expected " + want + ", actual " + got);
        }
      }
      money(diff, "realizedPnl", x.realizedPnl(), actual.realizedPnl());
      money(diff, "commission", x.commission(), actual.commission());
      if (x.errors() != null && !errorsMatch(x.errors(), actual.errors())) {
        diff.add("errors: expected " + x.errors());
        diff.add("        actual   " + actual.errors());
      }
      if (!diff.isEmpty()) {
        problems.add("plan " + actual.id() + ":");
        diff.forEach(d -> problems.add("  " + d));
      }
    }
    List<String> unexpected = new ArrayList<>();
    List<String> wanted = new ArrayList<>(scenario.alerts());
    for (String alert : run.alerts()) {
      String match = wanted.stream().filter(alert::contains).findFirst().orElse(null);
      if (match != null) {
        wanted.remove(match);
      } else {
        unexpected.add(alert);
      }
    }
    unexpected.forEach(a -> problems.add("unexpected alert: " + a));
    wanted.forEach(a -> problems.add("expected an alert containing \"" + a + "\", none came"));
  }

  private static boolean errorsMatch(
      List<ScenarioFile.ExpectedError> expected,
      List<com.tradeplan.domain.plan.FieldError> actual) {
    if (expected.size() != actual.size()) {
      return false;
    }
    for (int i = 0; i < expected.size(); i++) {
      if (!expected.get(i).matches(actual.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean sameNumber(String a, String b) {
    if (a.equals("null") || b.equals("null")) {
      return a.equals(b);
    }
    return new BigDecimal(a).compareTo(new BigDecimal(b)) == 0;
  }

  private static void field(List<String> diff, String name, Object expected, Object actual) {
    if (expected != null && !expected.equals(actual)) {
      diff.add(name + ": expected " + expected + ", actual " + actual);
    }
  }

  /** Money compares as printed: half-even to 2 decimals. */
  private static void money(
      List<String> diff, String name, BigDecimal expected, BigDecimal actual) {
    if (expected == null) {
      return;
    }
    BigDecimal printed = actual.setScale(2, RoundingMode.HALF_EVEN);
    if (expected.compareTo(printed) != 0) {
      diff.add(
          name
              + ": expected "
              + ResultJson.formatMoney(expected)
              + ", actual "
              + ResultJson.formatMoney(actual)
              + " (unrounded "
              + actual.toPlainString()
              + ")");
    }
  }

  /**
   * Expected and actual events side by side, one row per position; {@code >>} marks the first
   * difference and {@code !} every later one.
   */
  static void compareEvents(
      List<EventLine> expected, List<PlanEvent> actualEvents, List<String> diff) {
    List<EventLine> actual = actualEvents.stream().map(EventLine::of).toList();
    int n = Math.max(expected.size(), actual.size());
    int first = -1;
    for (int i = 0; i < n; i++) {
      EventLine x = i < expected.size() ? expected.get(i) : null;
      EventLine a = i < actual.size() ? actual.get(i) : null;
      if (x == null || a == null || !x.matches(a)) {
        first = i;
        break;
      }
    }
    if (first < 0) {
      return;
    }
    diff.add(
        "events differ from #"
            + first
            + " (expected "
            + expected.size()
            + " events, got "
            + actual.size()
            + "):");
    int width = 34;
    for (EventLine x : expected) {
      width = Math.max(width, x.display().length());
    }
    diff.add(String.format("     #  %-" + width + "s | %s", "expected", "actual"));
    for (int i = 0; i < n; i++) {
      EventLine x = i < expected.size() ? expected.get(i) : null;
      EventLine a = i < actual.size() ? actual.get(i) : null;
      boolean same = x != null && a != null && x.matches(a);
      String mark = i == first ? ">>" : same ? "  " : " !";
      diff.add(
          String.format(
              "%s %3d  %-" + width + "s | %s",
              mark,
              i,
              x == null ? "(nothing)" : x.display(),
              a == null ? "(nothing)" : same ? "=" : a.display()));
    }
  }
}
