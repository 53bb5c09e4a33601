/**
 * What operators see and do: health ({@link com.tradeplan.server.ops.HealthConfig}), metrics
 * ({@link com.tradeplan.server.ops.PlatformMetrics}, {@link
 * com.tradeplan.server.ops.MicrometerMetricsSink}), users and the audit log ({@link
 * com.tradeplan.server.ops.OpsController}), the start-up report and housekeeping of the bounded
 * collections.
 *
 * <p>It must never make up a number the platform does not measure, return or log a password, or
 * change a plan.
 */
package com.tradeplan.server.ops;
