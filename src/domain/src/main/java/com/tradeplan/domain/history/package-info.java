/**
 * A plan's history: {@link com.tradeplan.domain.history.PlanEvent}, one entry each (order, fill,
 * cancel, status, reject, action), shared by RESULT.json, the store's event log and the UI, made by
 * its factories.
 *
 * <p>It must never be rewritten: events are appended and read, never changed or decided here.
 */
package com.tradeplan.domain.history;
