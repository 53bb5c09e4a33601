/**
 * The server process: {@link com.tradeplan.server.Main}, the launcher's one entry point ({@code
 * up}, {@code serve}, {@code simulate}, {@code scenarios}), and the Spring Boot application ({@link
 * com.tradeplan.server.ServerApplication}) around the one {@code Platform} of the process ({@link
 * com.tradeplan.server.PlatformConfiguration}). Its sub-packages are the API's features: plans,
 * live updates, security, operations, and the web plumbing they share.
 *
 * <p>It must never hold trading logic (every decision is the runtime's and the rules'), talk to
 * MongoDB or Hazelcast itself (only through the store's repositories and the runtime), or start
 * what a command does not need.
 */
package com.tradeplan.server;
