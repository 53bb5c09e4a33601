package com.tradeplan.archfixture.store;

import org.bson.Document;

/** Keeps the rules: the store alone talks to MongoDB. */
public class StoreOnMongo {
  Document planQuery(String planId) {
    return new Document("_id", planId);
  }
}
