package com.tradeplan.domain.plan;

/**
 * A change of a plan's exits as the trader typed it: every scalar as text (null: not given), for
 * {@link ExitChangeValidator} to turn into an {@link ExitChange} or field errors. {@code reason} is
 * the trader's own words, kept in the plan's history (say why a stop was loosened).
 */
public record ExitChangeDraft(
    String kind,
    String index,
    String price,
    String activateAt,
    String quantity,
    String distance,
    String reason) {}
