/**
 * Reading the process's configuration from environment variables ({@link EnvironmentVariables}):
 * the one place that turns a variable's text into a number, a decimal or a time zone, and that says
 * which variable was wrong and why when it cannot.
 *
 * <p>Owns the parsing only: which variables exist and what they mean belong to the configuration
 * records of each module ({@code IbBrokerConfig}, {@code ClusterConfig}, {@code PlatformConfig}).
 * Must never read {@code System.getenv()} itself (callers pass the map, so tests pass theirs), hold
 * state between calls, or fall back to a default for a value that is set but malformed.
 */
package com.tradeplan.domain.config;
