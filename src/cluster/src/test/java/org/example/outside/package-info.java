/**
 * Test classes deliberately outside {@code com.tradeplan}: what a member must refuse to deserialize
 * (ClusterSecurityTest). Nothing in production uses them.
 */
package org.example.outside;
