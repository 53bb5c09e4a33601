package org.example.outside;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A serializable task from a package no member trusts. Its {@code readObject} records that it ran:
 * a gadget's harm starts exactly there, so a refusal must come before it.
 */
public final class OutsideTask implements Callable<String>, Serializable {
  private static final long serialVersionUID = 1L;
  private static final AtomicBoolean DESERIALIZED = new AtomicBoolean();

  /** Whether any instance was ever deserialized in this JVM. */
  public static boolean deserialized() {
    return DESERIALIZED.get();
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    DESERIALIZED.set(true);
    in.defaultReadObject();
  }

  @Override
  public String call() {
    return "ran";
  }
}
