package com.tradeplan.server.account;

import com.tradeplan.domain.commission.CommissionModel;
import com.tradeplan.store.AccountCommissionRepository;
import com.tradeplan.store.AccountCommissionRepository.StoredPlan;
import com.tradeplan.store.MongoConfig;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Which commission plan prices an IB account: the one an operator set for it (docs/accounts.md, "An
 * account's commission plan"), else the platform's {@code tradeplan.commission}. A plan is {@link
 * CommissionModel}'s notation, read by its one parser, and must be one of IB's two plans for stocks
 * ({@code ib-fixed} or {@code ib-tiered}, with their parameters): an account at IB is priced by one
 * of them, never by the simulator's {@code none} or {@code per-share}.
 *
 * <p>Every call is one store read or write, so every member of a cluster prices an account the same
 * way the moment an operator changes it. Auditing the change is the caller's.
 */
@Component
public class AccountCommissionPlans {
  /** The longest notation accepted (IB's plans with every parameter fit in well under it). */
  static final int NOTATION_MAX_CHARS = 120;

  private final AccountCommissionRepository plans;
  private final CommissionModel platformModel;

  public AccountCommissionPlans(
      MongoConfig.MongoConnection store,
      @Value("${tradeplan.commission:ib-fixed}") String platformSpec) {
    this.plans = new AccountCommissionRepository(store);
    this.platformModel = CommissionModel.parse(platformSpec);
  }

  /**
   * The plan that prices an account's orders and where it comes from.
   *
   * @param source {@code account} (an operator set it) or {@code platform}
   */
  public record PricedBy(CommissionModel model, String source, String setBy, Instant setAt) {}

  /** The platform's plan: every account without one of its own, and a trader without an account. */
  public CommissionModel platformModel() {
    return platformModel;
  }

  /** The plan of {@code account} (null: a trader without one, priced by the platform's). */
  public PricedBy planOf(String account) {
    Optional<StoredPlan> own = account == null ? Optional.empty() : plans.find(account);
    return own.map(
            p -> new PricedBy(CommissionModel.parse(p.plan()), "account", p.setBy(), p.setAt()))
        .orElseGet(() -> new PricedBy(platformModel, "platform", null, null));
  }

  /**
   * Reads an operator's plan: the model, or why it is not one (a sentence for the 422 naming the
   * field {@code plan}).
   */
  public static Parsed parse(String notation) {
    if (notation == null || notation.isBlank()) {
      return new Parsed(null, "must name a commission plan: ib-fixed or ib-tiered");
    }
    if (notation.length() > NOTATION_MAX_CHARS) {
      return new Parsed(null, "must be at most " + NOTATION_MAX_CHARS + " characters");
    }
    CommissionModel model;
    try {
      model = CommissionModel.parse(notation.trim());
    } catch (IllegalArgumentException e) {
      return new Parsed(null, e.getMessage());
    }
    if (!(model instanceof CommissionModel.IbFixed)
        && !(model instanceof CommissionModel.IbTiered)) {
      return new Parsed(
          null,
          "an IB account's plan is ib-fixed[:rate=X,min=Y,cap=Z] or ib-tiered[:volume=N,fees=X],"
              + " not "
              + model.spec());
    }
    return new Parsed(model, null);
  }

  /** A plan read from an operator's text: the model, or the problem with it. */
  public record Parsed(CommissionModel model, String problem) {}

  /** Sets {@code account}'s plan (already parsed) on behalf of {@code operator}. */
  public void set(String account, CommissionModel model, String operator, Instant now) {
    plans.set(new StoredPlan(account, model.spec(), operator, now));
  }

  /** Removes {@code account}'s plan: the platform's prices it again; false when it had none. */
  public boolean clear(String account) {
    return plans.clear(account);
  }

  /** The accounts with a plan of their own, by account code (at most 500). */
  public List<StoredPlan> list() {
    return plans.list();
  }
}
