/**
 * A command line's connection to a running server's API ({@link
 * com.tradeplan.server.client.ServerApi}): which server ({@code --server URL}, {@code
 * TRADEPLAN_URL}), who is calling ({@code TRADEPLAN_TOKEN}, or a login with {@code TRADEPLAN_USER}
 * and {@code TRADEPLAN_PASSWORD}), and the JSON requests and answers. Shared by {@code ./tradeplan
 * kill-switch} and {@code ./tradeplan rules}.
 *
 * <p>It must never take a credential from an argument (arguments show in the process list and the
 * shell's history), print a token or password, nor retry a request: a command that changes the
 * platform is sent once and its caller decides.
 */
package com.tradeplan.server.client;
