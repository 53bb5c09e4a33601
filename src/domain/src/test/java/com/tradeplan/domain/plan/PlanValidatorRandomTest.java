package com.tradeplan.domain.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Generates thousands of drafts around the rule boundaries and checks that validation accepts
 * exactly those that satisfy lifecycle.md section 3, and names exactly the failing fields. The
 * oracle below is written from the spec, not from the validator: prices are compared as numbers,
 * the tick grid is checked through the scale after stripping zeros (the validator uses a
 * remainder).
 */
class PlanValidatorRandomTest {
  private static final int DRAFTS_PER_SEED = 2_000;
  private static final Instant ACTIVATION = Instant.parse("2026-03-02T14:30:00Z");

  private static final String[] IDS = {"p1", "p1", "p1", "p1", null, "", "a b"};
  private static final String[] SIDES = {"LONG", "LONG", "SHORT", "SHORT", null, "long"};
  private static final String[] CONDITIONS = {"ABOVE", "BELOW", "ABOVE", "BELOW", null, "UP"};
  private static final String[] QUANTITIES = {
    "100", "100", "100", "50", "1", "0", "-5", "1.5", "abc", null, "10000000", "10000001"
  };
  private static final String[] TARGET_QUANTITIES = {
    null, null, null, "10", "30", "50", "60", "100", "0", "-1", "2.5"
  };
  private static final String[] EXPIRIES = {
    null, null, null, "2026-03-02T20:00:00Z", "2026-03-02T14:30:00Z", "2026-03-01T00:00:00Z", "x"
  };
  private static final String[] BAD_PRICES = {
    "0", "0.00", "-1.00", "100.005", "99.999", "abc", "1e2", "101.", "", null
  };

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1L, 42L, 20260302L})
  void validationAcceptsExactlyTheDraftsThatSatisfyTheRules(long seed) {
    Random random = new Random(seed);
    int accepted = 0;
    for (int n = 0; n < DRAFTS_PER_SEED; n++) {
      PlanDraft draft = generate(random);
      Set<String> expected = expectedFailingFields(draft);

      ValidationResult result = PlanValidator.validate(draft, ACTIVATION, new BigDecimal("0.01"));

      Set<String> actual =
          result.errors().stream()
              .map(FieldError::field)
              .collect(Collectors.toCollection(TreeSet::new));
      String context =
          "seed " + seed + ", draft #" + n + ": " + draft + "\nerrors: " + result.errors();
      assertThat(result.isValid()).as(context).isEqualTo(expected.isEmpty());
      assertThat(actual).as(context).isEqualTo(expected);
      if (result.isValid()) {
        accepted++;
        Plan p = ((ValidationResult.Valid) result).plan();
        assertThat(p.quantity()).as(context).isEqualTo(Long.parseLong(draft.quantity()));
        assertThat(p.stops()).as(context).hasSameSizeAs(draft.stops());
      }
    }
    // the generator must exercise both outcomes, or the test proves nothing
    assertThat(accepted).as("valid drafts generated with seed " + seed).isBetween(100, 1900);
  }

  // ---- generator: prices around 100 so that every ordering rule is hit both ways

  private static String price(Random r) {
    if (r.nextInt(12) == 0) {
      return BAD_PRICES[r.nextInt(BAD_PRICES.length)];
    }
    BigDecimal p = new BigDecimal(9_500 + 50 * r.nextInt(21)).movePointLeft(2); // 95.00..105.00
    return r.nextInt(6) == 0 ? p.stripTrailingZeros().toPlainString() : p.toPlainString();
  }

  private static <T> T pick(Random r, T[] values) {
    return values[r.nextInt(values.length)];
  }

  /**
   * Half the drafts are shaped like a sensible plan with a small chance of a wrong value in each
   * field (so that valid plans are common and each rule is hit alone); the other half are
   * arbitrary.
   */
  private static PlanDraft generate(Random r) {
    boolean shaped = r.nextBoolean();
    String side =
        shaped && r.nextInt(12) != 0 ? (r.nextBoolean() ? "LONG" : "SHORT") : pick(r, SIDES);
    int sign = "SHORT".equals(side) ? -1 : 1;
    PlanDraft.EntryDraft entry =
        r.nextInt(40) == 0
            ? null
            : new PlanDraft.EntryDraft(
                choose(r, shaped, sign > 0 ? "ABOVE" : "BELOW", CONDITIONS),
                choose(r, shaped, "100.00", null),
                choose(r, shaped, null, EXPIRIES));
    List<PlanDraft.StopDraft> stops = null;
    if (r.nextInt(30) != 0) {
      stops = new ArrayList<>();
      int stopCount = r.nextInt(40) == 0 ? 11 : (shaped ? 1 : 0) + r.nextInt(3);
      for (int i = 0; i < stopCount; i++) {
        String stop = choose(r, shaped, level(sign, -1 - r.nextInt(4)), null);
        String activateAt = r.nextInt(3) == 0 ? choose(r, shaped, level(sign, 1), null) : null;
        stops.add(new PlanDraft.StopDraft(stop, activateAt));
      }
    }
    List<PlanDraft.TargetDraft> targets = null;
    if (r.nextInt(10) != 0) {
      targets = new ArrayList<>();
      int targetCount = r.nextInt(40) == 0 ? 11 : r.nextInt(4);
      for (int j = 0; j < targetCount; j++) {
        String target = choose(r, shaped, level(sign, 3 + r.nextInt(3)), null);
        String quantity =
            choose(
                r,
                shaped,
                r.nextBoolean() ? null : String.valueOf(10 * (1 + r.nextInt(3))),
                TARGET_QUANTITIES);
        targets.add(new PlanDraft.TargetDraft(target, quantity));
      }
    }
    PlanDraft.TrailingStopDraft trailing =
        r.nextInt(3) == 0 ? new PlanDraft.TrailingStopDraft(choose(r, shaped, "1.50", null)) : null;
    return new PlanDraft(
        choose(r, shaped, "p1", IDS),
        "alice",
        r.nextInt(30) == 0 ? "aapl" : "AAPL",
        null,
        null,
        null,
        side,
        choose(r, shaped, "100", QUANTITIES),
        entry,
        stops,
        targets,
        trailing,
        List.of());
  }

  /** 100.00 moved {@code steps} whole units in the favourable direction of the side. */
  private static String level(int sign, int steps) {
    return new BigDecimal("100.00").add(BigDecimal.valueOf((long) sign * steps)).toPlainString();
  }

  /**
   * In a shaped draft, {@code sensible} eleven times in twelve; otherwise any of {@code all} (null
   * {@code all}: any price, valid or not).
   */
  private static String choose(Random r, boolean shaped, String sensible, String[] all) {
    if (shaped && r.nextInt(12) != 0) {
      return sensible;
    }
    return all == null ? price(r) : pick(r, all);
  }

  // ---- oracle: lifecycle.md section 3 plus the validator's documented bounds

  private static final long QUANTITY_MAX = 10_000_000L;
  private static final int STOPS_MAX = 10;
  private static final int TARGETS_MAX = 10;

  /** A valid price, or null: plain decimal, > 0, at most 2 decimals once zeros are stripped. */
  private static BigDecimal validPrice(String text) {
    if (text == null || !text.matches("-?\\d{1,18}(\\.\\d{1,12})?")) {
      return null;
    }
    BigDecimal v = new BigDecimal(text);
    if (v.compareTo(BigDecimal.ZERO) <= 0 || v.stripTrailingZeros().scale() > 2) {
      return null;
    }
    return v;
  }

  /** A valid positive integer, or null. */
  private static Long validInteger(String text) {
    if (text == null || !text.matches("-?\\d{1,18}")) {
      return null;
    }
    long v = Long.parseLong(text);
    return v > 0 ? v : null;
  }

  static Set<String> expectedFailingFields(PlanDraft d) {
    Set<String> bad = new TreeSet<>();
    if (d.id() == null || !d.id().matches("[A-Za-z0-9_.\\-]{1,64}")) {
      bad.add("id");
    }
    if (d.symbol() == null || !d.symbol().matches("[A-Z0-9][A-Z0-9.\\- ]{0,20}")) {
      bad.add("symbol");
    }
    boolean sideOk = "LONG".equals(d.side()) || "SHORT".equals(d.side());
    if (!sideOk) {
      bad.add("side");
    }
    int sign = "SHORT".equals(d.side()) ? -1 : 1;
    Long quantity = validInteger(d.quantity());
    if (quantity != null && quantity > QUANTITY_MAX) {
      quantity = null;
    }
    if (quantity == null) {
      bad.add("quantity");
    }

    BigDecimal entry = null;
    if (d.entry() == null) {
      bad.add("entry");
    } else {
      if (!"ABOVE".equals(d.entry().condition()) && !"BELOW".equals(d.entry().condition())) {
        bad.add("entry.condition");
      }
      entry = validPrice(d.entry().price());
      if (entry == null) {
        bad.add("entry.price");
      }
      String expiry = d.entry().expiresAt();
      if (expiry != null) {
        Instant at = null;
        try {
          at = Instant.parse(expiry);
        } catch (RuntimeException e) {
          // not an instant
        }
        if (at == null || !at.isAfter(ACTIVATION)) {
          bad.add("entry.expiresAt");
        }
      }
    }

    List<BigDecimal> stopPrices = new ArrayList<>();
    if (d.stops() == null || d.stops().isEmpty() || d.stops().size() > STOPS_MAX) {
      bad.add("stops");
    } else {
      for (int i = 0; i < d.stops().size(); i++) {
        PlanDraft.StopDraft s = d.stops().get(i);
        BigDecimal price = validPrice(s.price());
        if (price == null) {
          bad.add("stops[" + i + "].price");
        }
        BigDecimal activateAt = null;
        if (s.activateAt() != null) {
          activateAt = validPrice(s.activateAt());
          if (activateAt == null) {
            bad.add("stops[" + i + "].activateAt");
          }
        }
        stopPrices.add(price);
        if (!sideOk || price == null) {
          continue;
        }
        // LONG: a plain stop below the entry, an activation above its stop; SHORT: the mirror
        if (s.activateAt() == null) {
          if (entry != null && sign * entry.compareTo(price) <= 0) {
            bad.add("stops[" + i + "].price");
          }
        } else if (activateAt != null && sign * activateAt.compareTo(price) <= 0) {
          bad.add("stops[" + i + "].activateAt");
        }
      }
    }

    if (d.targets() != null) {
      if (d.targets().size() > TARGETS_MAX) {
        bad.add("targets");
      } else {
        long explicit = 0;
        for (int j = 0; j < d.targets().size(); j++) {
          PlanDraft.TargetDraft t = d.targets().get(j);
          BigDecimal price = validPrice(t.price());
          if (price == null) {
            bad.add("targets[" + j + "].price");
          }
          if (t.quantity() != null) {
            Long q = validInteger(t.quantity());
            if (q == null) {
              bad.add("targets[" + j + "].quantity");
            } else {
              explicit += q;
              if (quantity != null && explicit > quantity) {
                bad.add("targets[" + j + "].quantity");
              }
            }
          }
          if (!sideOk || price == null) {
            continue;
          }
          // LONG: every target above the entry and above every stop; SHORT: below
          if (entry != null && sign * price.compareTo(entry) <= 0) {
            bad.add("targets[" + j + "].price");
          }
          for (BigDecimal stop : stopPrices) {
            if (stop != null && sign * price.compareTo(stop) <= 0) {
              bad.add("targets[" + j + "].price");
            }
          }
        }
      }
    }

    if (d.trailingStop() != null && validPrice(d.trailingStop().distance()) == null) {
      bad.add("trailingStop.distance");
    }
    return bad;
  }
}
