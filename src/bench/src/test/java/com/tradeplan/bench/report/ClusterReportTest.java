package com.tradeplan.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The cluster chapter from cluster.jsonl as MemberProcessesTest, ClusteredPlatformTest and
 * ClusterFailoverProcessTest append it: each run's figure with its seed, one group of failover rows
 * per plan count and store, the checks summed over the runs; and the committed section is what the
 * committed run generates.
 */
class ClusterReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path DOCS = Path.of("..", "..", "docs");

  private static final String LINES =
      """
      {"test":"memberKill","plans":1000,"users":250,"victimUsers":77,"recoveryMs":397}
      {"test":"replicatedWrite","n":600,"p50Us":680,"p99Us":3300,"maxUs":12000}
      {"test":"memberChaos","seed":7,"plans":1000,"recoveryMs":385}
      {"test":"memberChaos","seed":20261125,"plans":1000,"recoveryMs":1647}
      {"test":"memberFreeze","frozenUsers":21,"takenOverMs":4900}
      {"test":"clusteredPlatform","fillAfterKill":false,"users":12,"plans":24,"victimUsers":4,\
      "recoveryMs":391,"sentTwice":0,"plansFinished":24}
      {"test":"clusteredPlatform","fillAfterKill":true,"users":12,"plans":24,"victimUsers":5,\
      "recoveryMs":494,"sentTwice":0,"plansFinished":24}
      {"test":"failover","seed":7,"users":60,"plans":300,"store":"memory","victimUsers":16,\
      "killedDuring":"entries","killDelayMs":100,"recoveryMs":670,"caughtUpMs":740,\
      "slowestStopMs":2100,"sentTwice":0,"plansFinished":300,"missingShares":0}
      {"test":"failover","seed":7,"users":200,"plans":1000,"store":"memory","victimUsers":70,\
      "killedDuring":"entries","killDelayMs":100,"recoveryMs":1100,"caughtUpMs":2140,\
      "slowestStopMs":7200,"sentTwice":0,"plansFinished":1000,"missingShares":0}
      {"test":"failover","seed":20261125,"users":60,"plans":300,"store":"memory","victimUsers":22,\
      "killedDuring":"exits","killDelayMs":900,"recoveryMs":1550,"caughtUpMs":1800,\
      "slowestStopMs":4600,"sentTwice":0,"plansFinished":300,"missingShares":0}
      """;

  private static List<JsonNode> lines(String text) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String l : text.strip().split("\n")) {
      out.add(JSON.readTree(l));
    }
    return out;
  }

  private static String markdown(String text) throws Exception {
    return new ClusterReport(
            lines(text),
            new RunResults(
                List.of(),
                List.of(),
                List.of(),
                JSON.readTree("{\"date\":\"2026-12-05T21:00:00Z\",\"mode\":\"Quick mode.\"}")))
        .markdown();
  }

  @Test
  void memberProcessesRowsShowEachRunAndItsSeed() throws Exception {
    String md = markdown(LINES);

    assertThat(md).startsWith("Run: 2026-12-05T21:00:00Z on");
    assertThat(md)
        .contains(
            "| `kill -9` of 1 of 3 members, 1,000 plans / 250 users (77 users on the victim): time"
                + " from the kill to every affected user re-acquired (`onAcquire` done on a"
                + " survivor) | 1 | **397 ms** | under 3 s |")
        .contains(
            "1,000 plans on the kill test's cluster | 2 | **385 ms** (seed 7), **1.65 s** (seed"
                + " 20261125) | under 3 s |")
        .contains("`SIGSTOP` of 1 of 3 members (21 users on it)")
        .contains("| 1 | **4.90 s** | — |")
        .contains("| 1 | p50 **0.680 ms**, p99 **3.30 ms**, max 12.0 ms (n 600) | — |");
  }

  @Test
  void failoverRunsAreGroupedByPlansWithTheirChecksSummed() throws Exception {
    String md = markdown(LINES);

    assertThat(md)
        .contains(
            "12 users / 24 plans; the member running most users terminated: time until every"
                + " user runs again on exactly one survivor | 2 | **391 ms** (entries filled"
                + " before), **494 ms** (entries filled after the kill); 4-5 users on the victim |")
        .contains("plans finishing with the P&L their fills imply | 2 | **0**, 48 of 48 | 0 |");
    // 300 plans: two seeds in run order; 1,000 plans: a group of its own, after it
    int small = md.indexOf("300 plans / 60 users, store in memory");
    int large = md.indexOf("1,000 plans / 200 users, store in memory");
    assertThat(small).isPositive().isLessThan(large);
    assertThat(md.substring(small, large))
        .contains(
            "| 2 | **670 ms** (seed 7, entries), **1.55 s** (seed 20261125, exits); 16-22 users on"
                + " the victim | under 3 s |")
        .contains("(`CAUGHT_UP` lines) | 2 | 0.74, 1.80 s | — |")
        .contains("connection) | 2 | 2.10, 4.60 s | — |")
        .contains("missing from the store | 2 | **0, 0, 0** | 0 |");
    assertThat(md.substring(large))
        .contains("| 1 | **1.10 s** (seed 7, entries); 70 users on the victim | under 3 s |");
  }

  @Test
  void aFailedCheckShowsInTheSums() throws Exception {
    String md =
        markdown(
            """
            {"test":"failover","seed":7,"users":60,"plans":300,"store":"h2","victimUsers":16,\
            "killedDuring":"exits","killDelayMs":100,"recoveryMs":670,"caughtUpMs":740,\
            "slowestStopMs":2100,"sentTwice":1,"plansFinished":298,"missingShares":5}
            """);

    assertThat(md).contains("300 plans / 60 users, store h2").contains("| 1 | **1, 2, 5** | 0 |");
    // what the run did not record is said, not left blank
    assertThat(md).contains("| 0 | not measured in this run | under 3 s |");
  }
}
