/**
 * The kill switch over HTTP ({@link com.tradeplan.server.killswitch.KillSwitchController}): who may
 * engage and release which scope, and the audit of both (docs/kill-switch.md).
 *
 * <p>It decides only who may press; what pressing does (refusing entries, cancelling, flattening,
 * storing, reaching every member) is the runtime's {@code KillSwitch}. It must never release a
 * switch without an audit entry naming who and why, nor let a trader touch another user's scope.
 */
package com.tradeplan.server.killswitch;
