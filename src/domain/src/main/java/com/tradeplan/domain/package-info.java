/**
 * The trader's vocabulary: plans, trades, orders, fills and ticks, with their statuses and the one
 * transition table of each. Plain Java only: this module must never depend on a framework (Spring,
 * Drools, Hazelcast, MongoDB, Jackson); the architecture tests enforce it.
 */
package com.tradeplan.domain;
