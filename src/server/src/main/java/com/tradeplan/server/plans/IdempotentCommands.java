package com.tradeplan.server.plans;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradeplan.domain.plan.FieldError;
import com.tradeplan.runtime.LogContext;
import com.tradeplan.server.web.ApiException;
import com.tradeplan.server.web.ProblemIds;
import com.tradeplan.server.web.Problems;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * Runs a command under an {@code Idempotency-Key}: the first request with a key acts and its
 * response is kept; a retry with the same key and the same request gets that response again, byte
 * for byte, without acting; the same key with a different request is refused (422); a retry while
 * the first is still running gets 409. Without a key the command simply runs; a key that breaks the
 * rule (empty included) is a 400 naming the header and the reason, and nothing runs.
 */
final class IdempotentCommands {
  static final String HEADER = "Idempotency-Key";
  private static final int MAX_KEY_CHARS = 128;
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.:\\-]+");

  private final IdempotencyStore store;
  private final ObjectMapper json;
  private final Counter replays;

  IdempotentCommands(IdempotencyStore store, ObjectMapper json, MeterRegistry meters) {
    this.store = store;
    this.json = json;
    this.replays = Counter.builder("tradeplan.api.idempotent.replays").register(meters);
  }

  ResponseEntity<String> run(
      String owner,
      String key,
      String operation,
      String body,
      Supplier<ResponseEntity<?>> command) {
    if (key == null) {
      return serialize(command.get());
    }
    Optional<String> wrong = whatIsWrong(key);
    if (wrong.isPresent()) {
      throw new ApiException(
          Problems.badRequest("bad " + HEADER, List.of(new FieldError(HEADER, wrong.get()))));
    }
    String fingerprint = fingerprint(operation, body);
    IdempotencyStore.Claim claim = store.claim(owner, key, fingerprint);
    if (claim instanceof IdempotencyStore.Claim.Replay r) {
      replays.increment();
      HttpHeaders h = new HttpHeaders();
      h.set(HttpHeaders.CONTENT_TYPE, r.contentType());
      if (r.location() != null) {
        h.set(HttpHeaders.LOCATION, r.location());
      }
      if (r.etag() != null) {
        h.set(HttpHeaders.ETAG, r.etag());
      }
      h.set("Idempotent-Replayed", "true");
      return ResponseEntity.status(r.status()).headers(h).body(r.body());
    }
    if (claim instanceof IdempotencyStore.Claim.InProgress) {
      throw new ApiException(
          Problems.of(
              HttpStatus.CONFLICT,
              "idempotency-in-progress",
              "a request with this Idempotency-Key is still being answered; retry shortly"));
    }
    if (claim instanceof IdempotencyStore.Claim.Mismatch) {
      throw new ApiException(
          Problems.of(
              HttpStatus.UNPROCESSABLE_ENTITY,
              "idempotency-mismatch",
              "this Idempotency-Key was used for a different request"));
    }
    {
      ResponseEntity<String> answer;
      try {
        answer = serialize(command.get());
      } catch (RuntimeException e) {
        if (e instanceof ApiException api && api.problem().getStatus() < 500) {
          answer =
              serialize(
                  ResponseEntity.status(api.problem().getStatus())
                      .headers(api.headers())
                      .body(api.problem()));
        } else {
          store.release(owner, key);
          throw e;
        }
      }
      if (answer.getStatusCode().is5xxServerError()) {
        store.release(owner, key); // nothing was done: let the retry act
      } else {
        store.complete(
            owner,
            key,
            answer.getStatusCode().value(),
            answer.getHeaders().getFirst(HttpHeaders.CONTENT_TYPE),
            answer.getBody(),
            answer.getHeaders().getFirst(HttpHeaders.LOCATION),
            answer.getHeaders().getFirst(HttpHeaders.ETAG));
      }
      return answer;
    }
  }

  /**
   * Why a sent key breaks the documented rule (1 to 128 of [A-Za-z0-9_.:-]), or empty when it keeps
   * it. An empty header is refused, not read as "no key": a client whose key generator failed must
   * learn it before its command runs unprotected against a retry.
   */
  private static Optional<String> whatIsWrong(String key) {
    if (key.isBlank()) {
      return Optional.of(
          "must not be empty: send 1 to 128 letters, digits, '_', '.', ':' or '-', or no"
              + " header at all");
    }
    if (key.length() > MAX_KEY_CHARS) {
      return Optional.of("is " + key.length() + " characters, more than " + MAX_KEY_CHARS);
    }
    if (!KEY.matcher(key).matches()) {
      return Optional.of("must be 1 to 128 letters, digits, '_', '.', ':' or '-'");
    }
    return Optional.empty();
  }

  /**
   * The answer as stored and sent: JSON text. A problem carries the request's id here (as text it
   * is past {@link ProblemIds}); a keyed retry is answered the first request's text, id included,
   * since the log lines of what was done carry that id.
   */
  private ResponseEntity<String> serialize(ResponseEntity<?> r) {
    Object body = r.getBody();
    if (body instanceof ProblemDetail p) {
      ProblemIds.stamp(p, LogContext.requestId());
    }
    HttpHeaders h = new HttpHeaders();
    h.putAll(r.getHeaders());
    h.setContentType(
        body instanceof ProblemDetail
            ? MediaType.APPLICATION_PROBLEM_JSON
            : MediaType.APPLICATION_JSON);
    try {
      return ResponseEntity.status(r.getStatusCode())
          .headers(h)
          .body(json.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an API response always serialises", e);
    }
  }

  static String fingerprint(String operation, String body) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(operation.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      if (body != null) {
        sha.update(body.getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
