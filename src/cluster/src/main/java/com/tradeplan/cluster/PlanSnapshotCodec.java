package com.tradeplan.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.order.OrderStatus;
import com.tradeplan.domain.plan.Entry;
import com.tradeplan.domain.plan.EntryCondition;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.domain.plan.Plan;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.Side;
import com.tradeplan.domain.plan.Stop;
import com.tradeplan.domain.plan.Target;
import com.tradeplan.domain.plan.TrailingStop;
import com.tradeplan.domain.state.OrderSnapshot;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.domain.state.StopKind;
import com.tradeplan.domain.state.StopSnapshot;
import com.tradeplan.domain.strategy.StrategyChoice;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A compact binary form of {@link PlanSnapshot} for the replicated map. Decimals travel as unscaled
 * value plus scale, so {@code 100.10} comes back as {@code 100.10} (never a double, never
 * rescaled); instants as seconds plus nanos. Every record component is written in declaration
 * order; {@link #FORMAT} changes when the layout does, and a reader refuses a format it does not
 * know rather than guessing (members of different versions must not exchange state silently).
 *
 * <p>Format 2 added the commissions charged per execution id and the time of the last flatten order
 * (format 1: none, so a refused flatten may be sent again at once). A member still writing format 1
 * (during a rolling upgrade) is read with every booked execution counted as charged, its amount not
 * known, as the store reads a trade written before the field (docs/persistence.md): the code that
 * wrote it charged every commission report it got, so a replayed report must charge nothing again.
 * Format 3 added the rule-set version the plan is pinned to and the IB account its orders are sent
 * for (formats 1 and 2: unpinned, so version 1 runs it, and the connection's default account, as
 * for a plan activated before versions and accounts existed). Format 4 added the entry's slippage
 * protection and the plan's strategy with its parameters (formats 1 to 3: a market entry without a
 * strategy, as every plan was then; the two arrived in the same release, so no member ever wrote
 * one without the other).
 */
final class PlanSnapshotCodec {
  static final byte FORMAT = 4;

  /**
   * The layout before the entry's slippage protection and the plan's strategy (read as a market
   * entry without a strategy).
   */
  static final byte FORMAT_WITHOUT_SLIPPAGE_OR_STRATEGY = 3;

  /**
   * The layout before the rule-set version pin and the plan's IB account (read as unpinned, on the
   * default account: such a plan was activated before versions and accounts existed).
   */
  static final byte FORMAT_WITHOUT_PIN = 2;

  /** The layout before the commissions per execution id (and the pin and the account). */
  static final byte FORMAT_WITHOUT_COMMISSIONS = 1;

  private static final int LIST_MAX = 10_000;

  private PlanSnapshotCodec() {}

  static void write(ObjectDataOutput out, PlanSnapshot s) throws IOException {
    out.writeByte(FORMAT);
    writePlan(out, s.plan());
    out.writeByte(s.status().ordinal());
    out.writeLong(s.position());
    out.writeLong(s.filledEntryQuantity());
    writeDecimal(out, s.entryCost());
    writeDecimal(out, s.grossPnl());
    writeDecimal(out, s.commission());
    out.writeInt(s.stops().size());
    for (StopSnapshot st : s.stops()) {
      out.writeInt(st.index());
      out.writeByte(st.kind().ordinal());
      writeDecimal(out, st.level());
      writeDecimal(out, st.activateAt());
      out.writeBoolean(st.eligible());
    }
    out.writeInt(s.targetFired().size());
    for (Boolean b : s.targetFired()) {
      out.writeBoolean(b);
    }
    writeDecimal(out, s.activeStop());
    writeDecimal(out, s.bestPrice());
    out.writeBoolean(s.stopTriggered());
    out.writeBoolean(s.flattenRequested());
    writeInstant(out, s.flattenSentAt());
    out.writeInt(s.orders().size());
    for (OrderSnapshot o : s.orders()) {
      out.writeString(o.ref().planId());
      out.writeByte(o.ref().role().ordinal());
      out.writeInt(o.ref().index());
      out.writeInt(o.ref().attempt());
      out.writeByte(o.action().ordinal());
      out.writeLong(o.quantity());
      out.writeLong(o.filledQuantity());
      out.writeByte(o.status().ordinal());
      out.writeString(o.rule());
    }
    out.writeInt(s.executionIds().size());
    for (String id : s.executionIds()) {
      out.writeString(id);
    }
    out.writeInt(s.commissions().size());
    for (Map.Entry<String, BigDecimal> c : s.commissions().entrySet()) {
      out.writeString(c.getKey());
      writeDecimal(out, c.getValue());
    }
    out.writeString(s.endReason());
    out.writeLong(s.version());
    out.writeInt(s.ruleSetVersion() == null ? 0 : s.ruleSetVersion());
    out.writeString(s.account());
    writeStrategy(out, s.plan().strategy());
  }

  /** The strategy as its name and each parameter's typed text (StrategyChoice.typedTexts). */
  private static void writeStrategy(ObjectDataOutput out, StrategyChoice c) throws IOException {
    out.writeBoolean(c != null);
    if (c == null) {
      return;
    }
    out.writeString(c.name());
    Map<String, String> typed = c.typedTexts();
    out.writeInt(typed.size());
    for (Map.Entry<String, String> e : typed.entrySet()) {
      out.writeString(e.getKey());
      out.writeString(e.getValue());
    }
  }

  private static StrategyChoice readStrategy(ObjectDataInput in) throws IOException {
    if (!in.readBoolean()) {
      return null;
    }
    String name = in.readString();
    int n = count(in);
    Map<String, String> typed = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      typed.put(in.readString(), in.readString());
    }
    try {
      return StrategyChoice.fromTypedTexts(name, typed);
    } catch (IllegalArgumentException e) {
      throw new IOException("replicated plan snapshot: " + e.getMessage(), e);
    }
  }

  static PlanSnapshot read(ObjectDataInput in) throws IOException {
    byte format = in.readByte();
    if (format < FORMAT_WITHOUT_COMMISSIONS || format > FORMAT) {
      throw new IOException(
          "replicated plan snapshot in format " + format + ", expected " + FORMAT);
    }
    Plan plan = readPlan(in, format);
    PlanStatus status = PlanStatus.values()[in.readByte()];
    long position = in.readLong();
    long filled = in.readLong();
    BigDecimal entryCost = readDecimal(in);
    BigDecimal grossPnl = readDecimal(in);
    BigDecimal commission = readDecimal(in);
    int n = count(in);
    List<StopSnapshot> stops = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      stops.add(
          new StopSnapshot(
              in.readInt(),
              StopKind.values()[in.readByte()],
              readDecimal(in),
              readDecimal(in),
              in.readBoolean()));
    }
    n = count(in);
    List<Boolean> fired = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      fired.add(in.readBoolean());
    }
    BigDecimal activeStop = readDecimal(in);
    BigDecimal bestPrice = readDecimal(in);
    boolean stopTriggered = in.readBoolean();
    boolean flattenRequested = in.readBoolean();
    Instant flattenSentAt = format == FORMAT_WITHOUT_COMMISSIONS ? null : readInstant(in);
    n = count(in);
    List<OrderSnapshot> orders = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      OrderRef ref =
          new OrderRef(
              in.readString(), OrderRole.values()[in.readByte()], in.readInt(), in.readInt());
      orders.add(
          new OrderSnapshot(
              ref,
              OrderAction.values()[in.readByte()],
              in.readLong(),
              in.readLong(),
              OrderStatus.values()[in.readByte()],
              in.readString()));
    }
    n = count(in);
    List<String> execIds = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      execIds.add(in.readString());
    }
    Map<String, BigDecimal> commissions = new LinkedHashMap<>();
    if (format == FORMAT_WITHOUT_COMMISSIONS) {
      execIds.forEach(id -> commissions.put(id, null));
    } else {
      n = count(in);
      for (int i = 0; i < n; i++) {
        commissions.put(in.readString(), readDecimal(in));
      }
    }
    String endReason = in.readString();
    long version = in.readLong();
    boolean pinned = format >= FORMAT_WITHOUT_SLIPPAGE_OR_STRATEGY;
    int pin = pinned ? in.readInt() : 0;
    String account = pinned ? in.readString() : null;
    StrategyChoice strategy = format == FORMAT ? readStrategy(in) : null;
    return new PlanSnapshot(
        strategy == null ? plan : plan.withStrategy(strategy),
        status,
        position,
        filled,
        entryCost,
        grossPnl,
        commission,
        stops,
        fired,
        activeStop,
        bestPrice,
        stopTriggered,
        flattenRequested,
        flattenSentAt,
        orders,
        execIds,
        commissions,
        endReason,
        version,
        pin == 0 ? null : pin,
        account);
  }

  /** The plan as entered: the same in every format (package-private for the format tests). */
  static void writePlan(ObjectDataOutput out, Plan p) throws IOException {
    out.writeString(p.id());
    out.writeString(p.owner());
    Instrument i = p.instrument();
    out.writeString(i.symbol());
    out.writeString(i.secType());
    out.writeString(i.exchange());
    out.writeString(i.currency());
    writeDecimal(out, i.tickSize());
    out.writeByte(p.side().ordinal());
    out.writeLong(p.quantity());
    out.writeByte(p.entry().condition().ordinal());
    writeDecimal(out, p.entry().price());
    writeInstant(out, p.entry().expiresAt());
    out.writeInt(p.entry().maxSlippageTicks() == null ? -1 : p.entry().maxSlippageTicks());
    out.writeInt(p.stops().size());
    for (Stop s : p.stops()) {
      writeDecimal(out, s.price());
      writeDecimal(out, s.activateAt());
    }
    out.writeInt(p.targets().size());
    for (Target t : p.targets()) {
      writeDecimal(out, t.price());
      out.writeBoolean(t.quantity() != null);
      if (t.quantity() != null) {
        out.writeLong(t.quantity());
      }
    }
    writeDecimal(out, p.trailingStop() == null ? null : p.trailingStop().distance());
  }

  private static Plan readPlan(ObjectDataInput in, byte format) throws IOException {
    String id = in.readString();
    String owner = in.readString();
    Instrument instrument =
        new Instrument(
            in.readString(), in.readString(), in.readString(), in.readString(), readDecimal(in));
    Side side = Side.values()[in.readByte()];
    long quantity = in.readLong();
    EntryCondition condition = EntryCondition.values()[in.readByte()];
    BigDecimal entryPrice = readDecimal(in);
    Instant expiresAt = readInstant(in);
    int slippage = format == FORMAT ? in.readInt() : -1;
    Entry entry = new Entry(condition, entryPrice, expiresAt, slippage < 0 ? null : slippage);
    int n = count(in);
    List<Stop> stops = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      stops.add(new Stop(readDecimal(in), readDecimal(in)));
    }
    n = count(in);
    List<Target> targets = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      BigDecimal price = readDecimal(in);
      Long q = in.readBoolean() ? in.readLong() : null;
      targets.add(new Target(price, q));
    }
    BigDecimal trailing = readDecimal(in);
    return new Plan(
        id,
        owner,
        instrument,
        side,
        quantity,
        entry,
        stops,
        targets,
        trailing == null ? null : new TrailingStop(trailing));
  }

  private static int count(ObjectDataInput in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > LIST_MAX) {
      throw new IOException("list of " + n + " elements in a replicated snapshot");
    }
    return n;
  }

  static void writeDecimal(ObjectDataOutput out, BigDecimal d) throws IOException {
    if (d == null) {
      out.writeByteArray(null);
      return;
    }
    out.writeByteArray(d.unscaledValue().toByteArray());
    out.writeInt(d.scale());
  }

  static BigDecimal readDecimal(ObjectDataInput in) throws IOException {
    byte[] unscaled = in.readByteArray();
    if (unscaled == null) {
      return null;
    }
    return new BigDecimal(new BigInteger(unscaled), in.readInt());
  }

  private static void writeInstant(ObjectDataOutput out, Instant t) throws IOException {
    out.writeBoolean(t != null);
    if (t != null) {
      out.writeLong(t.getEpochSecond());
      out.writeInt(t.getNano());
    }
  }

  private static Instant readInstant(ObjectDataInput in) throws IOException {
    return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
  }
}
