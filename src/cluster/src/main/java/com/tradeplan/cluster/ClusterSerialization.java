package com.tradeplan.cluster;

import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.tradeplan.domain.state.PlanSnapshot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What a member accepts off the wire. The replicated state and the entry processors use the
 * identified serialization below: no Java serialization, no reflection, and an explicit id per type
 * so that a member with a different class layout fails loudly instead of reading garbage.
 *
 * <p>Java serialization carries only the {@link HolderCall}s (the runtime's forwarded commands and
 * edits, records of plain values) with their answers, and Hazelcast's own exceptions between
 * members. Java deserialization of an arbitrary class runs that class's code, so a member that
 * reads whatever arrives can be taken over by one crafted message ("gadget chains" through classes
 * on the classpath). {@link #javaSerializationFilter} therefore names what a member may deserialize
 * and refuses everything else, before any of its code runs.
 */
public final class ClusterSerialization implements DataSerializableFactory {
  public static final int FACTORY_ID = 7_601;
  // Class id 1 was UserState before account affinity (no seal, no predecessor). It is no longer
  // read, so that a member of that version fails loudly instead of exchanging entries silently.
  static final int USER_STATE_PLACED = 7;
  static final int SEAL = 8;
  static final int REOPEN = 9;
  static final int ACQUIRE = 2;
  static final int RELEASE = 3;
  static final int REPLICATE = 4;
  static final int ADD_PLANS = 5;
  static final int REMOVE_PLANS = 6;

  @Override
  public IdentifiedDataSerializable create(int typeId) {
    return switch (typeId) {
      case USER_STATE_PLACED -> new UserState();
      case SEAL -> new PlacementProcessors.Seal();
      case REOPEN -> new PlacementProcessors.Reopen();
      case ACQUIRE -> new UserProcessors.Acquire();
      case RELEASE -> new UserProcessors.Release();
      case REPLICATE -> new UserProcessors.Replicate();
      case ADD_PLANS -> new UserProcessors.AddPlans();
      case REMOVE_PLANS -> new UserProcessors.RemovePlans();
      default -> throw new IllegalArgumentException("unknown cluster type id " + typeId);
    };
  }

  /**
   * The classes Java deserialization may resolve; everything else is refused with a {@code
   * SecurityException} ("Resolving class X is not allowed") before the class is loaded. The list is
   * what the messages need, nothing more:
   *
   * <ul>
   *   <li>{@code com.tradeplan.}: the holder calls, their answers and their enums;
   *   <li>{@code com.hazelcast.}: Hazelcast's exceptions, which travel between members as Java
   *       objects (a remote {@code SplitBrainProtectionException} must stay one: it decides {@code
   *       NO_QUORUM});
   *   <li>the JDK packages {@code java.lang} (strings, numbers, enums, records, exceptions), {@code
   *       java.util} (collections, {@code UUID}), {@code java.util.concurrent} (exceptions that can
   *       be an exception's cause), {@code java.math} and {@code java.time}, and the arrays among
   *       them that exceptions and numbers are made of. Sub-packages are not included: {@code
   *       java.lang.reflect}, {@code java.lang.invoke}, {@code java.net}, {@code javax.*}, {@code
   *       sun.*} and every library stay out.
   * </ul>
   *
   * A {@link HolderCall} whose fields need anything else is answered Unavailable with the refused
   * class in the reason: extend this list, with a reason, rather than the call.
   */
  static JavaSerializationFilterConfig javaSerializationFilter() {
    JavaSerializationFilterConfig filter = new JavaSerializationFilterConfig();
    // Hazelcast's default list lets in every class whose name starts with "java" (javax.* too)
    // and applies no list at all when none is configured.
    filter.setDefaultsDisabled(true);
    filter
        .getWhitelist()
        .addPrefixes("com.tradeplan.", "com.hazelcast.")
        .addPackages("java.lang", "java.util", "java.util.concurrent", "java.math", "java.time")
        .addClasses(
            "[B",
            "[C",
            "[I",
            "[J",
            "[Ljava.lang.Object;",
            "[Ljava.lang.String;",
            "[Ljava.lang.StackTraceElement;",
            "[Ljava.lang.Throwable;");
    return filter;
  }

  static void writeUuid(ObjectDataOutput out, UUID id) throws IOException {
    out.writeBoolean(id != null);
    if (id != null) {
      out.writeLong(id.getMostSignificantBits());
      out.writeLong(id.getLeastSignificantBits());
    }
  }

  static UUID readUuid(ObjectDataInput in) throws IOException {
    return in.readBoolean() ? new UUID(in.readLong(), in.readLong()) : null;
  }

  static void writeSnapshots(ObjectDataOutput out, List<PlanSnapshot> list) throws IOException {
    out.writeInt(list.size());
    for (PlanSnapshot s : list) {
      PlanSnapshotCodec.write(out, s);
    }
  }

  static List<PlanSnapshot> readSnapshots(ObjectDataInput in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 100_000) {
      throw new IOException(n + " snapshots in one message");
    }
    List<PlanSnapshot> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      list.add(PlanSnapshotCodec.read(in));
    }
    return list;
  }
}
