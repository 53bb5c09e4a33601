/**
 * What every API feature shares on the web side: RFC 7807 problem details ({@link
 * com.tradeplan.server.web.Problems}, {@link com.tradeplan.server.web.ApiExceptionHandler}), the
 * request id of every request ({@link com.tradeplan.server.web.RequestIdFilter}, in the logging
 * context, the response header and every problem: {@link com.tradeplan.server.web.ProblemIds}) and
 * the OpenAPI document, and the admission control of the API ({@link
 * com.tradeplan.server.web.ApiAdmissionFilter}: a bound on requests in flight, so that request
 * threads cannot starve the trading lanes of the cores; protective actions are never refused).
 *
 * <p>It must never tell a caller about the server's insides (an unexpected error is a bare 500, its
 * cause only in the log), log a request body, or keep a caller's request id it has not checked (it
 * ends up in log lines).
 */
package com.tradeplan.server.web;
