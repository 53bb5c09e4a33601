/**
 * What every API feature shares on the web side: RFC 7807 problem details ({@link
 * com.tradeplan.server.web.Problems}, {@link com.tradeplan.server.web.ApiExceptionHandler}) and the
 * OpenAPI document.
 *
 * <p>It must never tell a caller about the server's insides (an unexpected error is a bare 500, its
 * cause only in the log) or log a request body.
 */
package com.tradeplan.server.web;
