/**
 * RFC 7807 problem details as the server answers errors (docs/api.md): {type, title, status,
 * detail, errors: [{field, message}]}. This module turns any failed response into something a
 * trader can read: field errors keyed by their path ("stops[1].activateAt") for the form, and one
 * short sentence otherwise. A body that is not a problem document (an HTML error page, a proxy's
 * text, a stack trace) is never shown: only its status is.
 */

export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** What to tell the trader in one sentence. */
    message: string,
    /** Every invalid field the server listed, in its order. */
    readonly fieldErrors: FieldError[] = [],
    /** The problem type URI, e.g. urn:tradeplan:problem:validation. */
    readonly type: string | null = null,
    /** Seconds to wait before retrying (429/503 Retry-After), when the server said. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Field errors grouped by field path; a field can have more than one message. */
  byField(): Map<string, string[]> {
    const map = new Map<string, string[]>();
    for (const e of this.fieldErrors) {
      const list = map.get(e.field) ?? [];
      list.push(e.message);
      map.set(e.field, list);
    }
    return map;
  }
}

/** Sentences for statuses whose body we do not show. */
const STATUS_TEXT: Record<number, string> = {
  400: 'The request was not understood.',
  401: 'Your session has ended. Please log in again.',
  403: 'You are not allowed to do that.',
  404: 'Not found.',
  409: 'The plan changed meanwhile. Reload and try again.',
  413: 'The request is too large.',
  415: 'The request had the wrong content type.',
  422: 'Some fields are invalid.',
  429: 'Too many requests. Wait a moment and try again.',
  500: 'The server had an unexpected error.',
  502: 'The server is not reachable right now.',
  503: 'The platform is not accepting commands right now.',
  504: 'The server took too long to answer.',
};

const MAX_TEXT = 300;

function statusSentence(status: number): string {
  return STATUS_TEXT[status] ?? `The server answered with status ${status}.`;
}

/** Printable, bounded, single-paragraph text, or null when it looks like a stack trace. */
function safeText(v: unknown): string | null {
  if (typeof v !== 'string') {
    return null;
  }
  const t = v.trim();
  if (t === '' || /\n\s+at\s|Exception:|\bat [\w$.]+\(/.test(t)) {
    return null;
  }
  return t.length > MAX_TEXT ? t.slice(0, MAX_TEXT) + '…' : t;
}

function fieldErrorsOf(body: Record<string, unknown>): FieldError[] {
  const raw = body['errors'];
  if (!Array.isArray(raw)) {
    return [];
  }
  const out: FieldError[] = [];
  for (const e of raw) {
    if (e && typeof e === 'object') {
      const field = safeText((e as Record<string, unknown>)['field']);
      const message = safeText((e as Record<string, unknown>)['message']);
      if (field !== null && message !== null) {
        out.push({ field, message });
      }
    }
  }
  return out;
}

function retryAfter(headers: Headers): number | null {
  const v = headers.get('Retry-After');
  if (v === null || !/^\d{1,6}$/.test(v.trim())) {
    return null;
  }
  return Number(v.trim());
}

/**
 * The ApiError for a non-2xx response. Reads the body once. Only a JSON body (problem+json or
 * json) is looked into; its `detail` is used when present and readable, else the status sentence.
 */
export async function problemFromResponse(response: Response): Promise<ApiError> {
  const status = response.status;
  const contentType = response.headers.get('Content-Type') ?? '';
  let body: Record<string, unknown> | null = null;
  if (/^application\/(problem\+)?json/i.test(contentType)) {
    try {
      const parsed: unknown = await response.json();
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        body = parsed as Record<string, unknown>;
      }
    } catch {
      body = null;
    }
  }
  const wait = retryAfter(response.headers);
  if (body === null) {
    return new ApiError(status, statusSentence(status), [], null, wait);
  }
  const fieldErrors = fieldErrorsOf(body);
  // a 5xx detail is the server's business; a trader gets the plain sentence
  const detail = status >= 500 ? null : safeText(body['detail']);
  const message =
    fieldErrors.length > 0 && (status === 400 || status === 422)
      ? fieldErrors.length === 1
        ? '1 field is invalid.'
        : `${fieldErrors.length} fields are invalid.`
      : (detail ?? statusSentence(status));
  const type = typeof body['type'] === 'string' ? body['type'] : null;
  return new ApiError(status, message, fieldErrors, type, wait);
}

/** The ApiError for a request that never got an answer. */
export function networkError(): ApiError {
  return new ApiError(0, 'Cannot reach the server. Check the connection and try again.');
}
