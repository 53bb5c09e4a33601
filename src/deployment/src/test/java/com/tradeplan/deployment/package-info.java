/**
 * The deployment checks (tests only): what can be proved about {@code docker/} on a machine without
 * a Docker engine. They parse the Dockerfile and the compose file, run the image's entry point and
 * health check as scripts, start a server exactly as the image starts it and scrape its metrics,
 * and feed every member's environment to the platform's own configuration parsers. Nothing here
 * ships, and nothing here may start a container or reach the network beyond loopback (promtool's
 * installation through apt-get is the one exception, and only when it is missing; {@link
 * Promtool}).
 */
package com.tradeplan.deployment;
