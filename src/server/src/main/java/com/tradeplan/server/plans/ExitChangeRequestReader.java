package com.tradeplan.server.plans;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.tradeplan.domain.plan.ExitChangeDraft;
import com.tradeplan.domain.plan.FieldError;
import com.tradeplan.server.web.ApiException;
import com.tradeplan.server.web.Problems;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads a change of exits from a request body into an {@link ExitChangeDraft}, with the same
 * mapping as a plan's: prices as JSON strings (a JSON number for a price is a field error, so a
 * binary fraction never becomes a stop), {@code index} and {@code quantity} as JSON integers,
 * unknown fields as field errors. Every problem found is a 400 naming each field and its reason;
 * the platform's validation of the change against the plan comes after.
 */
final class ExitChangeRequestReader {
  private static final Set<String> PRICES = Set.of("price", "activateAt", "distance");
  private static final Set<String> INTEGERS = Set.of("index", "quantity");
  private static final Set<String> TEXTS = Set.of("kind", "reason");

  private static final JsonMapper STRICT =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
          .build();

  private ExitChangeRequestReader() {}

  /** The draft of {@code body}; throws a 400 {@link ApiException} naming every field at fault. */
  static ExitChangeDraft read(String body) {
    if (body == null || body.isBlank()) {
      throw new ApiException(
          Problems.badRequest("the request body must be a change of exits as JSON"));
    }
    JsonNode node;
    try {
      node = STRICT.readTree(body);
    } catch (JsonProcessingException e) {
      throw new ApiException(Problems.badRequest("the request body is not valid JSON"));
    }
    if (node == null || !node.isObject()) {
      throw new ApiException(
          Problems.badRequest("the request body must be one JSON object (a change of exits)"));
    }
    List<FieldError> errors = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      JsonNode v = node.get(name);
      if (!PRICES.contains(name) && !INTEGERS.contains(name) && !TEXTS.contains(name)) {
        errors.add(new FieldError(name, "is not a field of a change of exits"));
      } else if (v.isNull()) {
        continue;
      } else if (PRICES.contains(name) && v.isNumber()) {
        errors.add(
            new FieldError(name, "must be a decimal string such as \"101.25\", not a JSON number"));
      } else if ((PRICES.contains(name) || TEXTS.contains(name)) && !v.isTextual()) {
        errors.add(new FieldError(name, "must be a string"));
      } else if (INTEGERS.contains(name) && !v.isIntegralNumber()) {
        errors.add(new FieldError(name, "must be a whole JSON number such as 40"));
      }
    }
    if (!errors.isEmpty()) {
      throw new ApiException(Problems.badRequest("invalid change of exits", errors));
    }
    return new ExitChangeDraft(
        text(node, "kind"),
        text(node, "index"),
        text(node, "price"),
        text(node, "activateAt"),
        text(node, "quantity"),
        text(node, "distance"),
        text(node, "reason"));
  }

  private static String text(JsonNode node, String name) {
    JsonNode v = node.get(name);
    return v == null || v.isNull() ? null : v.asText();
  }
}
