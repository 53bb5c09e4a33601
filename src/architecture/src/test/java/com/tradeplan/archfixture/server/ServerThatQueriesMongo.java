package com.tradeplan.archfixture.server;

import org.bson.Document;

/**
 * Breaks the MongoDB rule: the server builds a MongoDB query itself instead of asking the store.
 */
public class ServerThatQueriesMongo {
  Document userQuery(String username) {
    return new Document("_id", username);
  }
}
