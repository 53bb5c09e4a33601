package com.tradeplan.domain.commission;

import com.tradeplan.domain.Decimals;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Reads {@link CommissionModel#parse}'s notation; kept apart so the model stays arithmetic. */
final class CommissionSpec {
  private CommissionSpec() {}

  static CommissionModel parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("a commission model is empty");
    }
    int colon = spec.indexOf(':');
    String name = colon < 0 ? spec : spec.substring(0, colon);
    String rest = colon < 0 ? "" : spec.substring(colon + 1);
    switch (name) {
      case "none" -> {
        requireNoParameters(name, rest);
        return CommissionModel.NONE;
      }
      case "per-share" -> {
        return new CommissionModel.PerShare(decimal(rest, "per-share"));
      }
      case "ib-fixed" -> {
        Map<String, String> p = parameters(name, rest, Set.of("rate", "min", "cap"));
        CommissionModel.IbFixed d = (CommissionModel.IbFixed) CommissionModel.IB_FIXED;
        return new CommissionModel.IbFixed(
            p.containsKey("rate") ? decimal(p.get("rate"), "rate") : d.ratePerShare(),
            p.containsKey("min") ? decimal(p.get("min"), "min") : d.minimumPerOrder(),
            p.containsKey("cap") ? decimal(p.get("cap"), "cap") : d.capFractionOfValue());
      }
      case "ib-tiered" -> {
        Map<String, String> p = parameters(name, rest, Set.of("volume", "fees"));
        long volume = 0;
        if (p.containsKey("volume")) {
          if (!p.get("volume").matches("[0-9]{1,18}")) {
            throw new IllegalArgumentException(
                "ib-tiered volume must be a whole number of shares: " + p.get("volume"));
          }
          volume = Long.parseLong(p.get("volume"));
        }
        BigDecimal fees = p.containsKey("fees") ? decimal(p.get("fees"), "fees") : BigDecimal.ZERO;
        return CommissionModel.IbTiered.standard(volume, fees);
      }
      default ->
          throw new IllegalArgumentException(
              "unknown commission model '" + name + "' (none, per-share:X, ib-fixed, ib-tiered)");
    }
  }

  private static void requireNoParameters(String name, String rest) {
    if (!rest.isEmpty()) {
      throw new IllegalArgumentException(name + " takes no parameters: " + rest);
    }
  }

  private static Map<String, String> parameters(String name, String rest, Set<String> known) {
    Map<String, String> out = new HashMap<>();
    if (rest.isEmpty()) {
      return out;
    }
    for (String pair : rest.split(",", -1)) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (eq < 0 || !known.contains(key)) {
        throw new IllegalArgumentException(
            name + " parameters are " + known + " as key=value: " + pair);
      }
      out.put(key, pair.substring(eq + 1));
    }
    return out;
  }

  private static BigDecimal decimal(String text, String what) {
    BigDecimal v;
    try {
      v = Decimals.parse(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " must be a plain decimal >= 0: " + text);
    }
    if (v.signum() < 0) {
      throw new IllegalArgumentException(what + " must be >= 0: " + text);
    }
    return v;
  }
}
