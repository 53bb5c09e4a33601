/**
 * Who may call what (docs/security.md): login and opaque bearer tokens ({@link
 * com.tradeplan.server.security.AuthController}, {@link
 * com.tradeplan.server.security.SessionStore}), users and roles ({@link
 * com.tradeplan.server.security.UserStore}, {@link com.tradeplan.server.security.Role}), rate
 * limits and the request size bound, the demo users.
 *
 * <p>It must never store or log a password or a token (only their hashes are kept), keep a server
 * side HTTP session, or let a request through that no rule names.
 */
package com.tradeplan.server.security;
