package com.tradeplan.domain.risk;

/**
 * The layer a limit set belongs to. A layer can only tighten what the layers around it allow: the
 * limit that holds is the tightest value any applicable layer sets ({@link LimitLayers}).
 *
 * <ul>
 *   <li>{@code PLATFORM} (one set, id {@link #PLATFORM_ID}): every order's limits, each user's
 *       default limits, and the platform-wide order rate (not each account's: an account has the
 *       aggregate limits its own layer sets);
 *   <li>{@code ACCOUNT} (id: the IB account; orders without an account use {@link
 *       LimitLayers#DEFAULT_ACCOUNT}): limits on the account's aggregates;
 *   <li>{@code USER} (id: the user name): limits on the user's aggregates, and their open plans;
 *   <li>{@code PLAN} (id: the plan id): limits of one order of that plan only (per-order limits).
 * </ul>
 */
public enum LimitScope {
  PLATFORM,
  ACCOUNT,
  USER,
  PLAN;

  /** The id of the one PLATFORM set. */
  public static final String PLATFORM_ID = "platform";
}
