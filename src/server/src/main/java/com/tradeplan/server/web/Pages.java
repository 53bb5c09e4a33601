package com.tradeplan.server.web;

import com.tradeplan.domain.plan.FieldError;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Pages of list endpoints (docs/api.md, "Pages"): a {@code limit} (a default, and a maximum past
 * which the request is a 400) and a cursor {@code after} (the last key of the previous page). A
 * full page answers {@code Link: <next page>; rel="next"}; a shorter page is the last. Bodies stay
 * JSON arrays, so a client that reads one page needs nothing new.
 */
public final class Pages {
  private Pages() {}

  /** The page size asked for: {@code dflt} when absent, else 1..{@code max} (else 400). */
  public static int limit(Integer requested, int dflt, int max) {
    if (requested == null) {
      return dflt;
    }
    if (requested < 1 || requested > max) {
      throw new ApiException(
          Problems.badRequest(
              "bad query parameter", List.of(new FieldError("limit", "must be 1 to " + max))));
    }
    return requested;
  }

  /**
   * 200 with {@code page}; when {@code next} (the last key of a full page) is not null, a {@code
   * Link} to the next page: {@code path} with {@code query} and {@code after=next}.
   */
  public static <T> ResponseEntity<List<T>> answer(
      List<T> page, String path, Map<String, ?> query, String next) {
    ResponseEntity.BodyBuilder ok = ResponseEntity.ok();
    if (next != null) {
      UriComponentsBuilder uri = UriComponentsBuilder.fromPath(path);
      query.forEach(
          (k, v) -> {
            if (v instanceof Iterable<?> values) {
              values.forEach(x -> uri.queryParam(k, x));
            } else if (v != null) {
              uri.queryParam(k, v);
            }
          });
      uri.queryParam("after", next);
      ok.header(HttpHeaders.LINK, "<" + uri.encode().build().toUriString() + ">; rel=\"next\"");
    }
    return ok.body(page);
  }
}
