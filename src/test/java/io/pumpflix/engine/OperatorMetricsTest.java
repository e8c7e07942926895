package io.pumpflix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpflix.api.ApiClient;
import io.pumpflix.api.ApiTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * /actuator/prometheus as an operator scrapes it (docs/operations.md): HTTP by route and status,
 * JVM, connection pools, the engine's runs, durations, queue and refusals, live sessions and
 * database unavailability; and no organization's data in any label.
 */
class OperatorMetricsTest extends EngineTest {

    /** The sum of a series' samples: {@code name} alone sums every label set, {@code name{labels}} one. */
    private static double value(String scrape, String series) {
        return scrape.lines()
                .filter(line -> line.startsWith(series + " ") || (!series.contains("{") && line.startsWith(series + "{")))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private String scrape() {
        ApiClient.Response metrics = api.get("/actuator/prometheus", null);
        assertThat(metrics.status()).isEqualTo(200);
        return metrics.body();
    }

    @Test
    void runsRoutesPoolsAndRefusalsAreCountedWithoutAnyOrganizationsData() {
        ApiTest.Org org = signUp();
        String before = scrape();
        UUID shaped = workflow(org.ownerToken(), chain(node("Start", "manualTrigger"),
                node("Shape", "set", "fields", Map.of("n", "={{ $json.n + 1 }}"))));
        UUID refused = workflow(org.ownerToken(), chain(node("Start", "manualTrigger"),
                node("Call", "httpRequest", "url", "http://127.0.0.1:1/private")));

        JsonNode ran = runAndWait(org.ownerToken(), shaped, List.of(Map.of("n", 1)));
        JsonNode failed = runAndWait(org.ownerToken(), refused, null);
        String after = scrape();

        assertThat(ran.path("status").asString()).isEqualTo("success");
        assertThat(failed.path("status").asString()).isEqualTo("error");
        assertThat(value(after, "pumpflix_runs_finished_total{status=\"success\"}")
                - value(before, "pumpflix_runs_finished_total{status=\"success\"}")).isGreaterThanOrEqualTo(1);
        assertThat(value(after, "pumpflix_runs_finished_total{status=\"error\"}")
                - value(before, "pumpflix_runs_finished_total{status=\"error\"}")).isGreaterThanOrEqualTo(1);
        assertThat(value(after, "pumpflix_outbound_refused_total") - value(before, "pumpflix_outbound_refused_total"))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(after, "pumpflix_runs_started_total")).isGreaterThanOrEqualTo(2);
        assertThat(after).contains("pumpflix_run_duration_seconds_count{status=\"success\"}",
                "pumpflix_node_duration_seconds_count{status=\"success\"}", "pumpflix_runs_queue{state=\"queued\"}",
                "pumpflix_runs_taken_over_total", "pumpflix_live_sessions", "pumpflix_database_unavailable_total",
                "http_server_requests_seconds_count{", "uri=\"/api/v1/workflows/{workflowId}/run\"",
                "jvm_memory_used_bytes", "hikaricp_connections_active{pool=\"pumpflix\"}",
                "hikaricp_connections_active{pool=\"pumpflix-owner\"}");
        for (String data : List.of(org.organizationId().toString(), org.ownerId().toString(), shaped.toString(),
                refused.toString(), ran.path("executionId").asString(), "Shape", "127.0.0.1:1")) {
            assertThat(after).as("no organization's data in a label: " + data).doesNotContain(data);
        }
    }
}
