package com.tradeplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

final class JsonAssert {
  private JsonAssert() {}

  static JsonNode hasPath(JsonNode root, String... path) {
    JsonNode n = root;
    StringBuilder at = new StringBuilder();
    for (String p : path) {
      at.append('/').append(p);
      assertThat(n != null && n.has(p)).as("%s in %s", at, root).isTrue();
      n = n.get(p);
    }
    return n;
  }
}
