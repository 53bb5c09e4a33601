package com.tradeplan.store;

import com.mongodb.event.CommandFailedEvent;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.event.CommandSucceededEvent;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

final class DbgCommands implements CommandListener {
  static final ConcurrentHashMap<Integer, String> SHAPE = new ConcurrentHashMap<>();
  static final ConcurrentHashMap<String, AtomicLongArray> STATS = new ConcurrentHashMap<>();

  static {
    Thread t =
        new Thread(
            () -> {
              while (true) {
                try {
                  Thread.sleep(3000);
                } catch (InterruptedException e) {
                  return;
                }
                StringBuilder b = new StringBuilder("DBGSTORE");
                STATS.forEach(
                    (k, v) -> {
                      b.append(" | ")
                          .append(k)
                          .append(" n=")
                          .append(v.getAndSet(1, 0))
                          .append(" ms=")
                          .append(v.getAndSet(0, 0) / 1_000_000);
                    });
                org.slf4j.LoggerFactory.getLogger("dbg").warn(b.toString());
              }
            },
            "dbg-store");
    t.setDaemon(true);
    t.start();
  }

  public void commandStarted(CommandStartedEvent e) {
    var cmd = e.getCommand();
    String shape = e.getCommandName();
    Object filter = null;
    if (cmd.containsKey("updates")) filter = cmd.getArray("updates").get(0).asDocument().get("q");
    else if (cmd.containsKey("filter")) filter = cmd.get("filter");
    else if (cmd.containsKey("query")) filter = cmd.get("query");
    if (cmd.containsKey("documents")) shape += " docs=" + cmd.getArray("documents").size();
    if (filter != null)
      shape +=
          " "
              + filter
                  .toString()
                  .replaceAll(
                      "\"[^\"]*\"\\s*:\\s*(\"[^\"]*\"|[0-9]+|\\{\"\\$numberLong\": \"[0-9]+\"\\})",
                      "K")
                  .replaceAll("\\s+", "");
    if (cmd.containsKey(shape)) {}
    String coll =
        cmd.get(e.getCommandName()) != null && cmd.get(e.getCommandName()).isString()
            ? cmd.getString(e.getCommandName()).getValue()
            : "";
    SHAPE.put(e.getRequestId(), coll + " " + shape);
  }

  public void commandSucceeded(CommandSucceededEvent e) {
    done(e.getRequestId(), e.getElapsedTime(java.util.concurrent.TimeUnit.NANOSECONDS));
  }

  public void commandFailed(CommandFailedEvent e) {
    done(e.getRequestId(), e.getElapsedTime(java.util.concurrent.TimeUnit.NANOSECONDS));
  }

  private void done(int id, long nanos) {
    String s = SHAPE.remove(id);
    if (s == null) return;
    AtomicLongArray a = STATS.computeIfAbsent(s, k -> new AtomicLongArray(2));
    a.addAndGet(0, nanos);
    a.incrementAndGet(1);
  }
}
