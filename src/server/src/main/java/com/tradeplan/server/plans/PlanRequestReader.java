package com.tradeplan.server.plans;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.tradeplan.domain.plan.FieldError;
import com.tradeplan.domain.plan.PlanDraft;
import com.tradeplan.formats.FormatException;
import com.tradeplan.formats.PlansJson;
import com.tradeplan.server.web.ApiException;
import com.tradeplan.server.web.Problems;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a plan from a request body into a {@link PlanDraft} with the one mapping the platform has:
 * {@link PlansJson}'s (prices are JSON strings, a number for a price is a field error, unknown
 * fields are field errors). The body must be one JSON object; the server sets {@code id} and {@code
 * owner} (a plan always belongs to the caller), so a body that names either gets a field error
 * instead of being silently overridden.
 */
final class PlanRequestReader {
  static final String SET_BY_SERVER_OWNER = "is set by the server from your login; leave it out";
  static final String SET_BY_SERVER_ID = "is assigned by the server; leave it out";

  private static final JsonMapper STRICT =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
          .build();

  private PlanRequestReader() {}

  /**
   * The draft of {@code body} owned by {@code owner} with id {@code id}. Throws a 400 {@link
   * ApiException} when the body is not one JSON object; field problems are the draft's input
   * errors.
   */
  static PlanDraft read(String body, String owner, String id) {
    if (body == null || body.isBlank()) {
      throw new ApiException(Problems.badRequest("the request body must be a plan as JSON"));
    }
    JsonNode node;
    try {
      node = STRICT.readTree(body);
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + " column "
                  + e.getLocation().getColumnNr();
      throw new ApiException(Problems.badRequest("the request body is not valid JSON" + where));
    }
    if (node == null || !node.isObject()) {
      throw new ApiException(
          Problems.badRequest("the request body must be one JSON object (a plan)"));
    }
    List<FieldError> serverFields = new ArrayList<>();
    if (node.hasNonNull("owner")) {
      serverFields.add(new FieldError("owner", SET_BY_SERVER_OWNER));
    }
    if (node.hasNonNull("id")) {
      serverFields.add(new FieldError("id", SET_BY_SERVER_ID));
    }
    PlanDraft d;
    try {
      d = PlansJson.parse("request body", "[" + STRICT.writeValueAsString(node) + "]").get(0);
    } catch (FormatException | JsonProcessingException e) {
      throw new ApiException(Problems.badRequest("the request body is not a plan object"));
    }
    List<FieldError> errors = new ArrayList<>(serverFields);
    errors.addAll(d.inputErrors());
    return d.withIdAndOwner(id, owner).withInputErrors(errors);
  }
}
