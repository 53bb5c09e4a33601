package com.tradeplan.runtime;

import com.tradeplan.broker.RiskGate;
import com.tradeplan.broker.risk.EntryLimits;
import com.tradeplan.cluster.ClusterNode;
import com.tradeplan.domain.plan.Plan;
import com.tradeplan.domain.risk.LimitLayers;
import com.tradeplan.domain.risk.LimitScope;
import com.tradeplan.domain.risk.LimitSetVersion;
import com.tradeplan.domain.risk.PriceBandTier;
import com.tradeplan.domain.risk.PriceTiers;
import com.tradeplan.domain.risk.RiskLimits;
import com.tradeplan.engine.UserSession;
import com.tradeplan.store.AdminAuditLog;
import com.tradeplan.store.MongoConfig;
import com.tradeplan.store.RiskLimitRepository;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one source of the risk limits in force on this member (docs/risk.md): the platform layer
 * configured at start ({@link #configuredPlatform}: the largest order and rate per owner the gate
 * had before limits were data, and the live plans per user), replaced by a stored PLATFORM version
 * once an operator saves one, tightened by the stored ACCOUNT, USER and PLAN layers. It loads them
 * at start, stores an operator's change ({@link #change}: validated, versioned, audited) and
 * applies it here at once, then tells every member through the cluster ({@link
 * ClusterNode#announceRiskLimits}: the store's change number only), each member reads the store at
 * once ({@link #changedUpTo}) and acknowledges, and the change waits at most {@link #ACK_WAIT} for
 * every acknowledgement ({@link ChangeResult.Saved#membersPending} names the members missing). The
 * poll of the store every {@link #POLL_INTERVAL} ({@link #poll}, on the platform's timer) stays as
 * the backstop for a notice that did not arrive. Each new picture is handed whole to the {@link
 * EntryLimits} of the RiskGate, and read by {@link UserPlanLimits} for a user's open plans.
 *
 * <p>Called on request threads ({@link #change}, reads), the timer ({@link #poll}) and the
 * cluster's limits thread ({@link #changedUpTo}); the picture is rebuilt under this object's lock
 * and published through the gate's volatile field. A store failure in a poll is logged and retried
 * at the next one (the limits in force stay).
 */
public final class RiskLimitsService {
  private static final Logger LOG = LoggerFactory.getLogger(RiskLimitsService.class);

  /** How often other members' changes are read: the longest a change takes to reach a member. */
  public static final Duration POLL_INTERVAL = Duration.ofSeconds(2);

  /**
   * A system property of milliseconds that replaces {@link #POLL_INTERVAL} (tests only: a long poll
   * leaves the cluster's notice as the only way a change reaches another member in time).
   */
  static final String POLL_MILLIS_PROPERTY = "tradeplan.riskLimits.pollMillis";

  /**
   * How long a change waits for every member to acknowledge it (docs/risk.md, "Changing a limit").
   */
  public static final Duration ACK_WAIT = Duration.ofSeconds(2);

  /** The most PLAN layers kept; a change adding one more is refused. */
  public static final int PLAN_LAYERS_MAX = 10_000;

  /** Trading days of the daily loss start at midnight here (US equities). */
  public static final ZoneId TRADING_DAY_ZONE = ZoneId.of("America/New_York");

  private final RiskLimitRepository repository;
  private final RiskLimits configuredPlatform;
  private final int configuredOpenPlans;
  private final EntryLimits entryLimits;
  private final Map<String, LimitSetVersion> inForce = new ConcurrentHashMap<>();
  private long seenSeq;
  private volatile ClusterNode cluster;

  /** The outcome of an operator's change. */
  public sealed interface ChangeResult {
    /**
     * Stored and in force on this member. {@code membersPending}: the members (addresses) that had
     * not acknowledged the change within {@link #ACK_WAIT}; empty when it is in force on every
     * member. Those still check against the version before until they read the store (their notice,
     * or at the latest their next poll).
     */
    record Saved(LimitSetVersion version, List<String> membersPending) implements ChangeResult {}

    /** The set breaks the rules of its scope: nothing stored. */
    record Invalid(List<String> errors) implements ChangeResult {}

    /** Someone saved the layer first: nothing stored; {@code versionInForce} is theirs. */
    record Conflict(long versionInForce) implements ChangeResult {}
  }

  RiskLimitsService(
      RiskLimitRepository repository,
      PlatformConfig config,
      EntryLimits.LastPrices lastPrices,
      Clock clock) {
    this.repository = repository;
    this.configuredOpenPlans = config.planLimits().livePlansPerUser();
    this.configuredPlatform = configuredPlatform(config);
    this.entryLimits =
        new EntryLimits(
            LimitLayers.of(configuredPlatform),
            lastPrices,
            clock,
            TRADING_DAY_ZONE,
            System::nanoTime);
    poll();
  }

  /** The service over the store of {@code connection}, loaded. */
  static RiskLimitsService open(
      MongoConfig.MongoConnection connection,
      PlatformConfig config,
      EntryLimits.LastPrices lastPrices) {
    return new RiskLimitsService(
        new RiskLimitRepository(connection, new AdminAuditLog(connection)),
        config,
        lastPrices,
        config.clock());
  }

  /** Polls the store for other members' changes every {@link #POLL_INTERVAL} on {@code timer}. */
  void pollOn(ScheduledExecutorService timer) {
    long every = Long.getLong(POLL_MILLIS_PROPERTY, POLL_INTERVAL.toMillis());
    timer.scheduleWithFixedDelay(this::poll, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * Hears every member's changes from now on ({@link #changedUpTo}) and announces this member's,
   * then reads the store once (a change stored between the start's read and now had nobody to hear
   * its notice here).
   */
  void joinCluster(ClusterNode node) {
    node.setRiskLimitsListener(this::changedUpTo);
    this.cluster = node;
    poll();
  }

  /**
   * A member announced that the store holds changes numbered up to {@code seq}: reads the store now
   * and returns the highest change number read (the acknowledgement). It reads even when {@code
   * seq} is not above that number: two saves at once can become visible out of order (a member may
   * have read change 7 before change 6 was visible), and the read covers the last numbers again as
   * the poll does. Repeated or late notices cost a read and change nothing: {@link #apply} never
   * takes a layer's version below the one in force. On the cluster's limits thread.
   */
  synchronized long changedUpTo(long seq) {
    poll();
    return seenSeq;
  }

  /** The platform layer from the configuration: what holds until an operator stores one. */
  static RiskLimits configuredPlatform(PlatformConfig config) {
    RiskLimits gate =
        RiskGate.platformDefaults(
            config.maxOrderQuantity(),
            config.ordersPerSecondPerOwner(),
            config.orderBurstPerOwner());
    return gate.tightenedBy(
        RiskLimits.builder().maxOpenPlans(config.planLimits().livePlansPerUser()).build());
  }

  /** The check the RiskGate runs for every entry, with the limits in force. */
  public EntryLimits entryLimits() {
    return entryLimits;
  }

  public LimitLayers layers() {
    return entryLimits.layers();
  }

  /** The stored version in force of a layer, or null when none is stored (configured, or unset). */
  public LimitSetVersion storedVersion(LimitScope scope, String id) {
    return inForce.get(key(scope, id));
  }

  public List<LimitSetVersion> history(LimitScope scope, String id, int limit) {
    return repository.history(scope, id, limit);
  }

  /**
   * Stores {@code limits} as the next version of a layer (if {@code expectedVersion} is the one in
   * force: 0 for none), audited, and applies it on this member at once.
   */
  public ChangeResult change(
      LimitScope scope,
      String id,
      RiskLimits limits,
      long expectedVersion,
      String changedBy,
      String why) {
    String scopeId = scope == LimitScope.PLATFORM ? LimitScope.PLATFORM_ID : id;
    if (scope == LimitScope.ACCOUNT) {
      scopeId = LimitLayers.accountOf(id);
    }
    List<String> errors = new ArrayList<>(limits.errorsFor(scope));
    if (limits.maxOpenPlans() != null && limits.maxOpenPlans() > UserSession.PLANS_MAX) {
      errors.add("maxOpenPlans: at most " + UserSession.PLANS_MAX + " (what one session holds)");
    }
    if (scope == LimitScope.PLAN
        && layers().planLayers() >= PLAN_LAYERS_MAX
        && layers().layer(LimitScope.PLAN, scopeId) == RiskLimits.NONE) {
      errors.add("at most " + PLAN_LAYERS_MAX + " plans have limits of their own");
    }
    if (!errors.isEmpty()) {
      return new ChangeResult.Invalid(errors);
    }
    RiskLimitRepository.Saved saved =
        repository.save(scope, scopeId, limits, expectedVersion, changedBy, why);
    if (saved.conflicted()) {
      return new ChangeResult.Conflict(saved.versionInForce());
    }
    synchronized (this) {
      apply(saved.stored());
      entryLimits.setLayers(rebuild());
    }
    List<String> pending = announce(saved.seq());
    LOG.info(
        "risk limits {}:{} now version {} by {} ({}){}",
        scope,
        scopeId,
        saved.stored().version(),
        changedBy,
        why,
        pending.isEmpty() ? "" : "; not acknowledged yet by " + pending);
    return new ChangeResult.Saved(saved.stored(), pending);
  }

  /**
   * Reads the versions stored since the last poll (other members' changes) and applies the newer
   * ones. On the platform's timer every {@link #POLL_INTERVAL}; a store failure is logged and the
   * limits in force stay until the next poll.
   */
  synchronized void poll() {
    try {
      boolean changed = false;
      List<RiskLimitRepository.Change> changes;
      do {
        changes = repository.changesSince(seenSeq);
        for (RiskLimitRepository.Change c : changes) {
          changed |= apply(c.version());
          seenSeq = Math.max(seenSeq, c.seq());
        }
      } while (changes.size() == RiskLimitRepository.CHANGES_MAX);
      if (changed) {
        entryLimits.setLayers(rebuild());
      }
    } catch (RuntimeException e) {
      LOG.warn("risk limits not read from the store; the limits in force stay: {}", e.toString());
    }
  }

  /**
   * The most live plans {@code owner} may have, and the name of the setting that says so: a stored
   * layer's {@code maxOpenPlans}, else the configured {@code TRADEPLAN_MAX_LIVE_PLANS_PER_USER}.
   */
  UserPlanLimits.Limit openPlansOf(String owner) {
    LimitSetVersion platform = storedVersion(LimitScope.PLATFORM, LimitScope.PLATFORM_ID);
    boolean stored =
        layers().layer(LimitScope.USER, owner).maxOpenPlans() != null
            || (platform != null && platform.limits().maxOpenPlans() != null);
    Integer value = layers().forUser(owner).maxOpenPlans();
    int limit = Math.min(value == null ? configuredOpenPlans : value, UserSession.PLANS_MAX);
    return new UserPlanLimits.Limit(limit, stored ? "maxOpenPlans" : UserPlanLimits.LIVE_LIMIT);
  }

  /**
   * The price band's tier for a plan being activated: its quantity at its entry (trigger) price
   * against the tiers of every layer of its order (tightest wins). Null when it fits; else the
   * activation's answer, nothing stored: the limit, the most shares the band allows at that price,
   * the plan's quantity, and the reason. The gate checks the entry again when it goes, at the
   * entry's own price (docs/risk.md, "Tiers by price band").
   */
  <T> CommandResult.LimitReached<T> priceTierAtActivation(
      String owner, String account, String planId, Plan plan) {
    PriceTiers tiers = layers().forOrder(account, owner, planId).priceTiers();
    BigDecimal price = plan.entry().price();
    PriceBandTier band = tiers == null ? null : tiers.at(price);
    PriceBandTier.Breach breach =
        band == null ? null : band.breach(plan.quantity(), price, plan.instrument().symbol());
    if (breach == null) {
      return null;
    }
    return new CommandResult.LimitReached<>(
        breach.limit(), breach.sharesAllowed(), plan.quantity(), breach.reason());
  }

  /**
   * Tells every member at once and waits at most {@link #ACK_WAIT} for their acknowledgements;
   * returns the members that had not acknowledged by then. A notice that cannot be sent (this
   * member is leaving, cut off) is logged and answered as pending everywhere: the change is stored
   * and in force here, and the other members' polls read it.
   */
  private List<String> announce(long seq) {
    ClusterNode node = cluster;
    if (node == null) {
      return List.of();
    }
    try {
      return node.announceRiskLimits(seq, ACK_WAIT);
    } catch (RuntimeException e) {
      LOG.warn(
          "risk-limit change {} not announced to the cluster; the other members' polls read it: {}",
          seq,
          e.toString());
      return List.of("every other member (not announced: " + e.getMessage() + ")");
    }
  }

  /** True when {@code version} is newer than the one held (then it is held). */
  private boolean apply(LimitSetVersion version) {
    String key = key(version.scope(), version.scopeId());
    LimitSetVersion held = inForce.get(key);
    if (held != null && held.version() >= version.version()) {
      return false;
    }
    inForce.put(key, version);
    return true;
  }

  private LimitLayers rebuild() {
    LimitSetVersion platform = inForce.get(key(LimitScope.PLATFORM, LimitScope.PLATFORM_ID));
    return LimitLayers.of(
        platform == null ? configuredPlatform : platform.limits(),
        inForce.values().stream().filter(v -> v.scope() != LimitScope.PLATFORM).toList());
  }

  private static String key(LimitScope scope, String id) {
    return scope + ":" + id;
  }
}
