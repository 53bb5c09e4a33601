package com.tradeplan.runtime;

/**
 * Receives live updates of one owner. Called on a platform thread; must hand off and return at
 * once. A throw unsubscribes the listener.
 */
@FunctionalInterface
public interface LiveListener {
  void onUpdate(LiveUpdate update);
}
