package com.tradeplan.runtime;

import com.tradeplan.broker.IbBroker;
import com.tradeplan.store.MongoConfig;
import com.tradeplan.store.TradeStore;
import com.tradeplan.store.UserRepository;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which IB account each user trades: one per user, linked and unlinked by operators, kept with the
 * user in the store's {@code users} collection ({@link UserRepository}), so every member reads the
 * same link. Activation reads it ({@link DraftPlans#activate}) and fixes it on the plan: a re-link
 * later moves no live plan (docs/accounts.md). An account must be one the broker connection serves
 * ({@link IbBroker#managedAccounts}, checked when the connection has named them).
 *
 * <p>It also holds each account's {@link PositionReconciliation} (IB's positions against the
 * plans'), started and closed with the platform.
 *
 * <p>Thread-safe; every call is one store read or write. Auditing the operator's action is the
 * caller's (the server's audit log).
 */
public final class UserAccounts {
  /** The shape of an IB account code (DU1234567, U1234567, F1234567, ...). */
  public static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9]{1,32}");

  private static final Logger LOG = LoggerFactory.getLogger(UserAccounts.class);

  private final UserRepository users;
  private final IbBroker broker;
  private final Membership membership;
  private final PositionReconciliation reconciliation;

  UserAccounts(
      MongoConfig.MongoConnection store,
      IbBroker broker,
      TradeStore trades,
      Alerts alerts,
      Clock clock,
      Membership membership) {
    this.users = new UserRepository(store);
    this.broker = broker;
    this.membership = membership;
    this.reconciliation = new PositionReconciliation(broker, trades, alerts, clock);
  }

  /** Each account's positions at IB against its plans', and the orders made outside Tradeplan. */
  public PositionReconciliation reconciliation() {
    return reconciliation;
  }

  /** What a link came to. */
  public enum Linked {
    LINKED,
    NO_SUCH_USER,
    /** Not the shape of an account code. */
    BAD_ACCOUNT,
    /** The broker connection named its accounts and this is not one of them. */
    NOT_SERVED
  }

  /** The account {@code owner} trades; empty when none is linked (it may not activate a plan). */
  public Optional<String> accountOf(String owner) {
    return users.accountOf(owner);
  }

  /**
   * Links {@code username} to {@code account}, replacing an earlier link, and moves the user in the
   * cluster to the member of that account's users at once when none of its plans is unfinished
   * (docs/cluster.md, "Account affinity"). With unfinished plans in the old account the link
   * changes all the same: those plans end where they run, and the user moves with its first
   * activation after them (an activation before is refused, saying so).
   */
  public Linked link(String username, String account) {
    if (account == null || !ACCOUNT.matcher(account).matches()) {
      return Linked.BAD_ACCOUNT;
    }
    List<String> served = broker.managedAccounts();
    if (!served.isEmpty() && !served.contains(account)) {
      return Linked.NOT_SERVED;
    }
    if (!users.setAccount(username, account)) {
      return Linked.NO_SUCH_USER;
    }
    String notMoved = membership.placeIn(username, account);
    if (notMoved != null) {
      LOG.info(
          "user {} linked to {}; not moved in the cluster yet: {}", username, account, notMoved);
    }
    return Linked.LINKED;
  }

  /** Unlinks {@code username}: its live plans keep their account; false when no such user. */
  public boolean unlink(String username) {
    return users.setAccount(username, null);
  }

  /** The accounts the broker connection serves (empty until it has connected once). */
  public List<String> served() {
    return broker.managedAccounts();
  }

  /** The account of an order that names none ({@code IB_ACCOUNT}; empty: IB's only account). */
  public String defaultAccount() {
    return broker.defaultAccount();
  }
}
