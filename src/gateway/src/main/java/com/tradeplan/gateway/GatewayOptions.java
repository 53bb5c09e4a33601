package com.tradeplan.gateway;

import com.tradeplan.domain.commission.CommissionModel;
import com.tradeplan.gateway.CalendarNotation.Read;
import com.tradeplan.gateway.ExchangeCalendar.Sessions;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The standalone paper gateway's command line and environment ({@link PaperGatewayMain};
 * docs/ib.md, "Running the paper gateway alone"). An option wins over its environment variable; the
 * variables ({@code PAPER_TRADING_HOURS}, {@code PAPER_TIME_ZONE}, {@code PAPER_SESSIONS}, {@code
 * PAPER_SYMBOL_SESSIONS}, {@code PAPER_HOLIDAYS}, {@code PAPER_HOLIDAYS_FILE}, {@code
 * PAPER_ACCOUNT_COMMISSIONS}) are how {@code ./tradeplan gateway} and docker's paper gateway
 * service are set without a command line, and the only way the platform's embedded gateway is
 * ({@link #applyEnvironment}); an empty one counts as unset.
 *
 * <p>Answers a {@link Parsed} value; a bad value is a problem naming the option (or variable) and
 * why, never an exception.
 */
public final class GatewayOptions {
  /** The largest holidays file read (a thousand holidays fit in well under it). */
  static final long HOLIDAYS_FILE_BYTES_MAX = 256 * 1024;

  static final String USAGE =
      "usage: gateway --port 4002 --ticks FILE [--speed X] [--seed N] [--symbols A,B]"
          + " [--account DU1,DU2] [--max-fill-per-tick N] [--fill-latency-ms N]"
          + " [--commission MODEL] [--account-commission ACCOUNT=MODEL]... [--bind ADDR]"
          + " [--trading-hours] [--time-zone ZONE] [--sessions HH:MM-HH:MM[/HH:MM-HH:MM]]"
          + " [--symbol-sessions SYM=SESSIONS,...] [--holidays DATE=closed|DATE=SESSIONS,...]"
          + " [--holidays-file FILE] [--print-orders]";

  /** The variables read, each by its name (never by iterating the environment). */
  public static final List<String> ENVIRONMENT =
      List.of(
          "PAPER_TRADING_HOURS",
          "PAPER_TIME_ZONE",
          "PAPER_SESSIONS",
          "PAPER_SYMBOL_SESSIONS",
          "PAPER_HOLIDAYS",
          "PAPER_HOLIDAYS_FILE",
          "PAPER_ACCOUNT_COMMISSIONS");

  private GatewayOptions() {}

  /**
   * Sets {@code c}'s hours, calendar and per-account commission plans from the {@link #ENVIRONMENT}
   * variables of {@code env} ({@code c}'s accounts already set): the embedded gateway's settings.
   *
   * @return null, or the problem naming the variable and why
   */
  public static String applyEnvironment(GatewayConfig c, Map<String, String> env) {
    try {
      hoursAndCommissions(c, Map.of(), List.of(), false, env);
      return null;
    } catch (BadOption e) {
      return e.getMessage();
    }
  }

  /**
   * What the command line asks for: the gateway's settings and whether to print orders, or help, or
   * the problem (a sentence naming the option) when the gateway must not start.
   */
  record Parsed(GatewayConfig config, boolean printOrders, boolean help, String problem) {
    static Parsed bad(String problem) {
      return new Parsed(null, false, false, problem);
    }
  }

  private static final class BadOption extends Exception {
    BadOption(String message) {
      super(message, null, false, false);
    }
  }

  static Parsed parse(List<String> args, Map<String, String> env) {
    try {
      return readAll(args, env);
    } catch (BadOption e) {
      return Parsed.bad(e.getMessage());
    }
  }

  // One case per option: a switch this long reads better whole than split across methods.
  private static Parsed readAll(List<String> args, Map<String, String> env) throws BadOption {
    GatewayConfig c = new GatewayConfig();
    c.port = 4002;
    boolean printOrders = false;
    Map<String, String> given = new HashMap<>();
    List<String> accountCommissions = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("--print-orders")) {
        printOrders = true;
        continue;
      }
      if (a.equals("--trading-hours")) {
        given.put("--trading-hours", "true");
        continue;
      }
      if (a.equals("-h") || a.equals("--help")) {
        return new Parsed(null, false, true, null);
      }
      if (i + 1 >= args.size()) {
        throw new BadOption(a.startsWith("--") ? a + " needs a value" : "unknown option " + a);
      }
      String v = args.get(++i);
      switch (a) {
        case "--port" -> c.port = whole(a, v, 0, 65_535);
        case "--ticks" -> c.ticksFile = Path.of(v);
        case "--speed" -> c.speed = decimal(a, v).doubleValue();
        case "--seed" -> c.seed = longValue(a, v);
        case "--symbols" -> c.randomWalkSymbols = Arrays.asList(v.split(","));
        case "--account" -> c.accounts = List.of(v.split(","));
        case "--bind" -> c.bindAddress = v;
        case "--max-fill-per-tick" -> c.maxFillPerTick = decimal(a, v);
        case "--fill-latency-ms" -> c.fillLatencyMillis = whole(a, v, 0, 3_600_000);
        case "--commission" -> c.commission = model(a, v);
        case "--account-commission" -> accountCommissions.add(v);
        case "--time-zone", "--sessions", "--symbol-sessions", "--holidays", "--holidays-file" ->
            given.put(a, v);
        default -> throw new BadOption("unknown option " + a);
      }
    }
    if (c.ticksFile == null && c.randomWalkSymbols.isEmpty()) {
      c.randomWalkSymbols = List.of("AAPL");
    }
    hoursAndCommissions(c, given, accountCommissions, args.contains("--account-commission"), env);
    return new Parsed(c, printOrders, false, null);
  }

  /**
   * The calendar and commission plans: the options in {@code given} and {@code optionCommissions}
   * (given on the command line when {@code commissionOptions}), else their variables.
   */
  private static void hoursAndCommissions(
      GatewayConfig c,
      Map<String, String> given,
      List<String> optionCommissions,
      boolean commissionOptions,
      Map<String, String> env)
      throws BadOption {
    List<String> accountCommissions = new ArrayList<>(optionCommissions);
    if (accountCommissions.isEmpty()) {
      String fromEnv = value(env, "PAPER_ACCOUNT_COMMISSIONS");
      if (fromEnv != null) {
        for (String one : fromEnv.split(";")) {
          if (!one.isBlank()) {
            accountCommissions.add(one.trim());
          }
        }
      }
    }
    String commissionsFrom =
        commissionOptions ? "--account-commission" : "PAPER_ACCOUNT_COMMISSIONS";
    for (String one : accountCommissions) {
      accountCommission(c, commissionsFrom, one);
    }
    calendar(c, given, env);
  }

  /** {@code ACCOUNT=MODEL}: an account the gateway serves, charged by its own model. */
  private static void accountCommission(GatewayConfig c, String option, String text)
      throws BadOption {
    int eq = text.indexOf('=');
    String account = eq < 0 ? "" : text.substring(0, eq).trim();
    if (account.isEmpty()) {
      throw new BadOption(option + ": '" + text + "' is not ACCOUNT=MODEL");
    }
    if (!c.accounts.contains(account)) {
      throw new BadOption(
          option + ": " + account + " is not an account the gateway serves " + c.accounts);
    }
    if (c.accountCommissions.containsKey(account)) {
      throw new BadOption(option + ": " + account + " is given twice");
    }
    c.accountCommissions.put(account, model(option + " " + account, text.substring(eq + 1)));
  }

  /** The calendar from the options in {@code given}, else their environment variables. */
  private static void calendar(GatewayConfig c, Map<String, String> given, Map<String, String> env)
      throws BadOption {
    String[] hoursOn = pick(given, env, "--trading-hours", "PAPER_TRADING_HOURS");
    if (hoursOn != null) {
      String on = hoursOn[1].trim().toLowerCase(Locale.ROOT);
      if (!on.equals("true") && !on.equals("false")) {
        throw new BadOption(hoursOn[0] + " must be true or false: " + hoursOn[1]);
      }
      c.tradingHours = on.equals("true");
    }
    ExchangeCalendar base = ExchangeCalendar.US_EQUITIES;
    String zone = base.zoneName();
    Sessions defaults = base.defaults();
    Map<String, Sessions> symbols = base.symbols();
    Map<LocalDate, Sessions> holidays = new HashMap<>();
    String[] z = pick(given, env, "--time-zone", "PAPER_TIME_ZONE");
    if (z != null) {
      zone = read(z, CalendarNotation.zone(z[1]));
    }
    String[] s = pick(given, env, "--sessions", "PAPER_SESSIONS");
    if (s != null) {
      defaults = read(s, CalendarNotation.sessions(s[1]));
    }
    String[] sym = pick(given, env, "--symbol-sessions", "PAPER_SYMBOL_SESSIONS");
    if (sym != null) {
      symbols = read(sym, CalendarNotation.symbolSessions(sym[1]));
    }
    String[] h = pick(given, env, "--holidays", "PAPER_HOLIDAYS");
    if (h != null) {
      holidays.putAll(read(h, CalendarNotation.holidays(h[1])));
    }
    String[] file = pick(given, env, "--holidays-file", "PAPER_HOLIDAYS_FILE");
    if (file != null) {
      Map<LocalDate, Sessions> fromFile =
          read(file, CalendarNotation.holidays(readFile(file[0], file[1])));
      for (LocalDate d : fromFile.keySet()) {
        if (holidays.containsKey(d)) {
          throw new BadOption(file[0] + ": " + d + " is also given by " + h[0]);
        }
      }
      holidays.putAll(fromFile);
      if (holidays.size() > CalendarNotation.HOLIDAYS_MAX) {
        throw new BadOption(
            file[0] + ": more than " + CalendarNotation.HOLIDAYS_MAX + " holidays in all");
      }
    }
    c.calendar = new ExchangeCalendar(zone, defaults, symbols, holidays);
  }

  /** {option or variable name, value}: the option's when given, else the variable's, else null. */
  private static String[] pick(
      Map<String, String> given, Map<String, String> env, String option, String variable) {
    if (given.containsKey(option)) {
      return new String[] {option, given.get(option)};
    }
    String v = value(env, variable);
    return v == null ? null : new String[] {variable, v};
  }

  private static String value(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v;
  }

  private static <T> T read(String[] from, Read<T> read) throws BadOption {
    if (read.problem() != null) {
      throw new BadOption(from[0] + ": " + read.problem());
    }
    return read.value();
  }

  private static String readFile(String option, String path) throws BadOption {
    Path p = Path.of(path);
    try {
      if (Files.size(p) > HOLIDAYS_FILE_BYTES_MAX) {
        throw new BadOption(
            option + ": " + path + " is larger than " + HOLIDAYS_FILE_BYTES_MAX + " bytes");
      }
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new BadOption(option + ": cannot read " + path + " (" + e.getMessage() + ")");
    }
  }

  private static CommissionModel model(String option, String text) throws BadOption {
    try {
      return CommissionModel.parse(text.trim());
    } catch (IllegalArgumentException e) {
      throw new BadOption(option + ": " + e.getMessage());
    }
  }

  private static int whole(String option, String text, int min, int max) throws BadOption {
    long v = longValue(option, text);
    if (v < min || v > max) {
      throw new BadOption(option + " must be " + min + " to " + max + ": " + text);
    }
    return (int) v;
  }

  private static long longValue(String option, String text) throws BadOption {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new BadOption(option + " must be a whole number: " + text);
    }
  }

  private static BigDecimal decimal(String option, String text) throws BadOption {
    try {
      BigDecimal v = new BigDecimal(text.trim());
      if (v.signum() < 0) {
        throw new BadOption(option + " must be >= 0: " + text);
      }
      return v;
    } catch (NumberFormatException e) {
      throw new BadOption(option + " must be a decimal number: " + text);
    }
  }
}
