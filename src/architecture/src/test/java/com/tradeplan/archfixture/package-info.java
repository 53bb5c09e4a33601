/**
 * Deliberately broken code for the architecture tests: each class here breaks (or, when its name
 * says Clean, keeps) one module boundary, so that the rules are proven able to fail. Never used by
 * anything else.
 */
package com.tradeplan.archfixture;
