package com.tradeplan.broker;

/**
 * Whose orders this broker's connection answers for: its own client id only, or every API client of
 * the login (all-clients mode, set by every cluster member: see {@link
 * IbBroker#setReconcileAllClients}). Order ids are per client, so in all-clients mode an order id
 * or execution of another client is never matched by id, only by orderRef.
 */
final class ClientScope {
  private final int ownClientId;
  private volatile boolean allClients;

  ClientScope(int ownClientId) {
    this.ownClientId = ownClientId;
  }

  boolean allClients() {
    return allClients;
  }

  void setAllClients(boolean all) {
    this.allClients = all;
  }

  /**
   * True when a report of {@code clientId} is another client's: its order id means nothing here.
   */
  boolean isAnotherClient(int clientId) {
    return allClients && clientId != ownClientId;
  }
}
