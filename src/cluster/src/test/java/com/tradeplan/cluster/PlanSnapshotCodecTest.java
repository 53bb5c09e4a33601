package com.tradeplan.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.SerializationConfig;
import com.hazelcast.internal.nio.BufferObjectDataOutput;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import com.hazelcast.nio.ObjectDataOutput;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.domain.plan.Plan;
import com.tradeplan.domain.plan.Stop;
import com.tradeplan.domain.plan.Target;
import com.tradeplan.domain.state.OrderSnapshot;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.domain.state.StopSnapshot;
import com.tradeplan.domain.strategy.StrategyChoice;
import com.tradeplan.testkit.plans.RandomSnapshots;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PlanSnapshotCodecTest {
  private final SerializationService serialization =
      new DefaultSerializationServiceBuilder()
          .setConfig(
              new SerializationConfig()
                  .addDataSerializableFactory(
                      ClusterSerialization.FACTORY_ID, new ClusterSerialization()))
          .build();

  @Test
  void everySnapshotComesBackEqualWithEveryDecimalScaleKept() {
    Random r = new Random(20261125);
    for (int i = 0; i < 2_000; i++) {
      PlanSnapshot s = RandomSnapshots.randomSnapshot(r, i);
      Map<String, PlanSnapshot> plans = new LinkedHashMap<>();
      plans.put(s.planId(), s);
      UserState u = new UserState(s.plan().owner(), i, UUID.randomUUID(), "127.0.0.1:1", plans);
      Data data = serialization.toData(u);
      UserState back = serialization.toObject(data);
      PlanSnapshot b = back.plans().get(s.planId());
      assertThat(b).as("snapshot %d", i).isEqualTo(s);
      assertThat(b.entryCost().scale()).isEqualTo(s.entryCost().scale());
      assertThat(back.epoch()).isEqualTo(i);
      assertThat(back.holder()).isEqualTo(u.holder());
    }
  }

  @Test
  void aPlansStrategyTravelsWithEveryParameterTyped() {
    PlanSnapshot random = RandomSnapshots.randomSnapshot(new Random(3), 0);
    StrategyChoice choice =
        new StrategyChoice(
            "trail-atr-after-1r",
            Map.of(
                "atrMultiple",
                new BigDecimal("2.50"),
                "atrBarsMin",
                5L,
                "exitAt",
                java.time.LocalTime.of(15, 55),
                "tight",
                true));
    PlanSnapshot s =
        PlanSnapshot.initial(random.plan().withStrategy(choice), random.status())
            .withRuleSetVersion(3);
    Map<String, PlanSnapshot> plans = new LinkedHashMap<>();
    plans.put(s.planId(), s);
    UserState u = new UserState(s.plan().owner(), 1, UUID.randomUUID(), "127.0.0.1:1", plans);
    UserState user = serialization.toObject(serialization.toData(u));
    PlanSnapshot back = user.plans().get(s.planId());
    assertThat(back.plan().strategy()).isEqualTo(choice);
    assertThat(((BigDecimal) back.plan().strategy().params().get("atrMultiple")).scale())
        .isEqualTo(2);
    assertThat(back).isEqualTo(s);
  }

  @Test
  void processorsTravelWithTheirSnapshots() {
    Random r = new Random(7);
    List<PlanSnapshot> list = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      list.add(RandomSnapshots.randomSnapshot(r, i));
    }
    var p = new UserProcessors.Replicate(UUID.randomUUID(), 42, list);
    UserProcessors.Replicate back = serialization.toObject(serialization.toData(p));
    Data again = serialization.toData(back);
    assertThat(again.toByteArray()).isEqualTo(serialization.toData(p).toByteArray());
  }

  /** Every processor type: the same bytes after a trip (the header of the holder's changes too). */
  @Test
  void everyProcessorTravelsUnchanged() {
    Random r = new Random(11);
    List<PlanSnapshot> list = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      list.add(RandomSnapshots.randomSnapshot(r, i));
    }
    UUID holder = UUID.randomUUID();
    List<Object> processors =
        List.of(
            new UserProcessors.Acquire(
                holder, "127.0.0.1:5701", Set.of(UUID.randomUUID()), Set.of("u1@DU1")),
            new PlacementProcessors.Seal("u1@DU2"),
            new PlacementProcessors.Reopen("u1@DU1", 5),
            new UserProcessors.Release(holder, 7),
            new UserProcessors.Replicate(holder, 42, list),
            new UserProcessors.AddPlans(list),
            new UserProcessors.RemovePlans(holder, 3, List.of("p1", "p2")));
    for (Object p : processors) {
      Data data = serialization.toData(p);
      Object back = serialization.toObject(data);
      assertThat(back).as("type of %s", p).isInstanceOf(p.getClass());
      assertThat(serialization.toData(back).toByteArray())
          .as("bytes of %s after a trip", p.getClass().getSimpleName())
          .isEqualTo(data.toByteArray());
    }
  }

  /**
   * A member of the version before commissions per execution id writes format 1: the same layout
   * without them. Its snapshot reads with every booked execution counted as charged (amount not
   * known), so a commission report IB replays to the member that takes the user over charges
   * nothing again.
   */
  @Test
  void aSnapshotInTheFormatWithoutCommissionsCountsEveryBookedExecutionAsCharged()
      throws IOException {
    InternalSerializationService service = (InternalSerializationService) serialization;
    PlanSnapshot s = RandomSnapshots.randomSnapshot(new Random(3), 1);
    assertThat(s.executionIds()).as("the seed books executions").isNotEmpty();
    BufferObjectDataOutput out = service.createObjectDataOutput();
    writeFormatOne(out, s);

    PlanSnapshot back = PlanSnapshotCodec.read(service.createObjectDataInput(out.toByteArray()));

    Map<String, BigDecimal> charged = new LinkedHashMap<>();
    s.executionIds().forEach(id -> charged.put(id, null));
    // format 1 had no slippage protection: its entries were market entries
    Plan plan = s.plan().with(s.plan().instrument(), s.plan().entry().withMaxSlippageTicks(null));
    PlanSnapshot expected =
        new PlanSnapshot(
            plan,
            s.status(),
            s.position(),
            s.filledEntryQuantity(),
            s.entryCost(),
            s.grossPnl(),
            s.commission(),
            s.stops(),
            s.targetFired(),
            s.activeStop(),
            s.bestPrice(),
            s.stopTriggered(),
            s.flattenRequested(),
            null,
            s.orders(),
            s.executionIds(),
            charged,
            s.endReason(),
            s.version(),
            null,
            null);
    assertThat(back).isEqualTo(expected);
  }

  /** Format 1, as a member of the previous version wrote it: a fixed copy of its layout. */
  private static void writeFormatOne(ObjectDataOutput out, PlanSnapshot s) throws IOException {
    out.writeByte(PlanSnapshotCodec.FORMAT_WITHOUT_COMMISSIONS);
    writePlanBeforeSlippage(out, s.plan());
    out.writeByte(s.status().ordinal());
    out.writeLong(s.position());
    out.writeLong(s.filledEntryQuantity());
    PlanSnapshotCodec.writeDecimal(out, s.entryCost());
    PlanSnapshotCodec.writeDecimal(out, s.grossPnl());
    PlanSnapshotCodec.writeDecimal(out, s.commission());
    out.writeInt(s.stops().size());
    for (StopSnapshot st : s.stops()) {
      out.writeInt(st.index());
      out.writeByte(st.kind().ordinal());
      PlanSnapshotCodec.writeDecimal(out, st.level());
      PlanSnapshotCodec.writeDecimal(out, st.activateAt());
      out.writeBoolean(st.eligible());
    }
    out.writeInt(s.targetFired().size());
    for (Boolean b : s.targetFired()) {
      out.writeBoolean(b);
    }
    PlanSnapshotCodec.writeDecimal(out, s.activeStop());
    PlanSnapshotCodec.writeDecimal(out, s.bestPrice());
    out.writeBoolean(s.stopTriggered());
    out.writeBoolean(s.flattenRequested());
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
    out.writeString(s.endReason());
    out.writeLong(s.version());
  }

  /** The plan's layout of formats 1 to 3 (no slippage protection): a fixed copy. */
  private static void writePlanBeforeSlippage(ObjectDataOutput out, Plan p) throws IOException {
    out.writeString(p.id());
    out.writeString(p.owner());
    Instrument i = p.instrument();
    out.writeString(i.symbol());
    out.writeString(i.secType());
    out.writeString(i.exchange());
    out.writeString(i.currency());
    PlanSnapshotCodec.writeDecimal(out, i.tickSize());
    out.writeByte(p.side().ordinal());
    out.writeLong(p.quantity());
    out.writeByte(p.entry().condition().ordinal());
    PlanSnapshotCodec.writeDecimal(out, p.entry().price());
    Instant expiresAt = p.entry().expiresAt();
    out.writeBoolean(expiresAt != null);
    if (expiresAt != null) {
      out.writeLong(expiresAt.getEpochSecond());
      out.writeInt(expiresAt.getNano());
    }
    out.writeInt(p.stops().size());
    for (Stop st : p.stops()) {
      PlanSnapshotCodec.writeDecimal(out, st.price());
      PlanSnapshotCodec.writeDecimal(out, st.activateAt());
    }
    out.writeInt(p.targets().size());
    for (Target t : p.targets()) {
      PlanSnapshotCodec.writeDecimal(out, t.price());
      out.writeBoolean(t.quantity() != null);
      if (t.quantity() != null) {
        out.writeLong(t.quantity());
      }
    }
    PlanSnapshotCodec.writeDecimal(
        out, p.trailingStop() == null ? null : p.trailingStop().distance());
  }

  @Test
  void anUnknownFormatIsRefused() throws IOException {
    InternalSerializationService service = (InternalSerializationService) serialization;
    BufferObjectDataOutput out = service.createObjectDataOutput();
    PlanSnapshotCodec.write(out, RandomSnapshots.randomSnapshot(new Random(5), 2));
    byte[] bytes = out.toByteArray();
    bytes[0] = PlanSnapshotCodec.FORMAT + 1;

    assertThatThrownBy(() -> PlanSnapshotCodec.read(service.createObjectDataInput(bytes)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("format " + (PlanSnapshotCodec.FORMAT + 1));
  }

  @Test
  void hundredPointTenStaysHundredPointTen() {
    PlanSnapshot s = SyntheticPlans.withVersion(SyntheticPlans.plan("u1", 0, 3), 10);
    assertThat(s.bestPrice()).isEqualTo(new BigDecimal("100.10"));
    UserState u = new UserState("u1", 1, null, null, Map.of(s.planId(), s));
    UserState back = serialization.toObject(serialization.toData(u));
    assertThat(back.plans().get(s.planId()).bestPrice().toPlainString()).isEqualTo("100.10");
    assertThat(back.holder()).isNull();
  }
}
