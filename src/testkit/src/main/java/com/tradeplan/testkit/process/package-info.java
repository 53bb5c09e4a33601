/**
 * The process harness of the tests that need a real JVM of their own: {@link
 * com.tradeplan.testkit.process.JavaProcess} starts a main class with a classpath, environment and
 * JVM options, keeps its stdout lines, waits for a line or a listening port with a deadline, sends
 * SIGKILL, SIGSTOP and SIGCONT by pid, keeps its logs and shows their tail when a wait fails. What
 * a process's lines mean (a member's ACQUIRE, a platform's READY) is the calling module's.
 *
 * <p>It must never leave a process running after {@code close}, never wait without a deadline, and
 * never start anything but a JVM of the test's own build.
 */
package com.tradeplan.testkit.process;
