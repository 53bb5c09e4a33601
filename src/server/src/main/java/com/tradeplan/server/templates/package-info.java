/**
 * A trader's plan templates (issue 18, point 5): save a plan's shape under a name and start a new
 * plan from it. Stored per user in MongoDB ({@link com.tradeplan.store.PlanTemplateRepository}),
 * bounded per user.
 *
 * <p>Owns the templates' API only. Must never: create, change or validate a plan (a plan made from
 * a template goes through {@code POST /api/plans} like any other), or show one user another's
 * templates.
 */
package com.tradeplan.server.templates;
