package com.tradeplan.broker;

import com.tradeplan.domain.broker.OrderRequest;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What one kill switch covers: every order of the platform ({@link Kind#GLOBAL}), the orders of one
 * IB account ({@link Kind#ACCOUNT}: {@link OrderRequest#account()}, an order without one counting
 * for the connection's default account) or those of one user ({@link Kind#USER}: {@link
 * OrderRequest#owner()}). Written {@code global}, {@code account:X} or {@code user:Y} in the API,
 * the CLI and the store (docs/kill-switch.md).
 *
 * @param key the account or the user; null exactly for {@link Kind#GLOBAL}
 */
public record KillScope(Kind kind, String key) {
  /** The kinds of scope, widest first. */
  public enum Kind {
    GLOBAL,
    ACCOUNT,
    USER
  }

  /** The whole platform. */
  public static final KillScope GLOBAL = new KillScope(Kind.GLOBAL, null);

  /** A user name or an IB account id: letters, digits, '_', '.', '-' and '@', 1 to 64 of them. */
  public static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");

  public KillScope {
    Objects.requireNonNull(kind, "kind");
    if ((kind == Kind.GLOBAL) != (key == null)) {
      throw new IllegalArgumentException("a global scope has no key, the others one: " + key);
    }
    if (key != null && !KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("not a user name or account id: " + key);
    }
  }

  public static KillScope user(String user) {
    return new KillScope(Kind.USER, user);
  }

  public static KillScope account(String account) {
    return new KillScope(Kind.ACCOUNT, account);
  }

  /** {@code global}, {@code account:X} or {@code user:Y}; empty for anything else. */
  public static Optional<KillScope> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    if (text.equals("global")) {
      return Optional.of(GLOBAL);
    }
    int colon = text.indexOf(':');
    if (colon < 0) {
      return Optional.empty();
    }
    String key = text.substring(colon + 1);
    if (!KEY.matcher(key).matches()) {
      return Optional.empty();
    }
    return switch (text.substring(0, colon)) {
      case "account" -> Optional.of(account(key));
      case "user" -> Optional.of(user(key));
      default -> Optional.empty();
    };
  }

  /**
   * Whether this scope covers {@code request}; an order without an account is for {@code
   * defaultAccount} (the connection's; null when not known, then it is in no account's scope).
   */
  public boolean covers(OrderRequest request, String defaultAccount) {
    return switch (kind) {
      case GLOBAL -> true;
      case USER -> key.equals(request.owner());
      case ACCOUNT -> key.equals(request.account() == null ? defaultAccount : request.account());
    };
  }

  /** The written form, as {@link #parse} reads it. */
  @Override
  public String toString() {
    return kind == Kind.GLOBAL ? "global" : kind.name().toLowerCase() + ":" + key;
  }
}
