package io.pumpflix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpflix.LoopbackServer;
import io.pumpflix.LoopbackServer.Reply;
import io.pumpflix.api.ApiClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * n8n exports of n8n's own node types (written out by hand in n8n's export format, under
 * src/test/resources/n8n) imported and run; exports with nodes PumpFlix does not run refused, each
 * such node named.
 */
class N8nImportTest extends EngineTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    Org org;
    String token;

    @BeforeEach
    void organization() {
        org = signUp();
        token = org.ownerToken();
    }

    private static String export(String file, String... replacements) throws IOException {
        try (InputStream in = N8nImportTest.class.getResourceAsStream("/n8n/" + file)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (int i = 0; i < replacements.length; i += 2) {
                text = text.replace(replacements[i], replacements[i + 1]);
            }
            return text;
        }
    }

    private ApiClient.Response importing(String export) {
        return api.post("/api/v1/workflows/import", token, JSON.readValue(export, Map.class));
    }

    private UUID imported(String export) {
        ApiClient.Response response = importing(export);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return UUID.fromString(response.json().path("workflow").path("id").asString());
    }

    private JsonNode definition(UUID workflow) {
        JsonNode found = api.get("/api/v1/workflows/" + workflow, token).json();
        return api.get("/api/v1/workflows/" + workflow + "/versions/" + found.path("currentVersionId").asString(), token)
                .json().path("definition");
    }

    @Test
    void aWebhookThatComputesAndAnswersThroughARespondNode() throws IOException {
        String path = "orders-" + UUID.randomUUID();
        ApiClient.Response response = importing(export("order-webhook.json", "PATH_PLACEHOLDER", path));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(response.json().path("workflow").path("name").asString()).isEqualTo("Order webhook with a computed total");
        assertThat(response.json().path("notes").toString()).contains("Sticky Note");

        ApiClient.Response answer = new ApiClient(port).send("POST", "/webhook/" + path, null,
                HttpRequest.BodyPublishers.ofString("{\"qty\": 3, \"price\": 2.5, \"customer\": \"ann\"}"),
                "application/json");

        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        assertThat(answer.json().path("total").asDouble()).isEqualTo(7.5);
        assertThat(answer.json().path("customer").asString()).isEqualTo("ann");
        assertThat(answer.json().path("currency").asString()).isEqualTo("EUR");
    }

    @Test
    void aScheduleAnHttpCallWithACredentialAndAnIf() throws IOException {
        String shop = LoopbackServer.freshPath();
        SERVER.on(shop, request -> Reply.json("{\"open\": 12}"));
        ApiClient.Response credential = api.post("/api/v1/credentials", token, Map.of("name", "Shop API key",
                "type", "httpHeaderAuth", "secret", "{\"name\":\"X-Shop-Key\",\"value\":\"k-123\"}"));
        assertThat(credential.status()).isEqualTo(201);
        UUID workflow = imported(export("scheduled-check.json", "SERVER_PLACEHOLDER", SERVER.url(shop)));

        JsonNode nodes = definition(workflow).path("nodes");
        assertThat(nodes.get(0).path("type").asString()).isEqualTo("scheduleTrigger");
        assertThat(nodes.get(0).path("parameters").path("cron").asString()).isEqualTo("0 */15 * * * *");
        assertThat(nodes.get(0).path("parameters").path("timezone").asString()).isEqualTo("Europe/Berlin");
        assertThat(nodes.get(1).path("credentials").path("httpHeaderAuth").path("id").asString())
                .isEqualTo(credential.text("id"));
        JsonNode run = runAndWait(token, workflow, null);

        assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("success");
        assertThat(run.path("output").get(0).path("alert").asString()).isEqualTo("Too many open orders: 12");
        assertThat(SERVER.received(shop)).hasSize(1);
        assertThat(SERVER.received(shop).get(0).query()).isEqualTo("status=open");
        assertThat(SERVER.received(shop).get(0).headers().get("x-shop-key")).isEqualTo("k-123");
    }

    @Test
    void aSwitchWithAFallbackAndAMergeThatAppends() throws IOException {
        UUID workflow = imported(export("route-and-merge.json"));

        JsonNode run = runAndWait(token, workflow, List.of(Map.of("country", "DE"), Map.of("country", "FR"),
                Map.of("country", "US")));

        assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("success");
        assertThat(run.path("output")).extracting(i -> i.path("country").asString() + " " + i.path("vat").asString())
                .containsExactly("DE 19%", "FR 20%");
        JsonNode elsewhere = nodeNamed(nodes(token, run.path("executionId").asString()), "Elsewhere");
        assertThat(elsewhere.path("outputs").toString()).contains("US");
    }

    @Test
    void aWaitAndASubWorkflowThenASetThatKeepsOnlyItsFields() throws Exception {
        UUID child = workflow(token, chain(node("From parent", "executeWorkflowTrigger"), node("Pass", "noOp")));
        UUID workflow = imported(export("wait-then-subworkflow.json", "CHILD_PLACEHOLDER", child.toString()));

        JsonNode ended = awaitEnd(token, start(token, workflow, List.of(Map.of("n", 2))), 15);

        assertThat(ended.path("status").asString()).as(ended.toString()).isEqualTo("success");
        JsonNode item = ended.path("output").get(0);
        assertThat(item.path("doubled").asInt()).isEqualTo(4);
        assertThat(item.path("checked").asBoolean()).isTrue();
        assertThat(item.size()).as("only the set fields").isEqualTo(2);
    }

    @Test
    void anErrorTriggerWorkflowReportsAnotherWorkflowsFailure() throws Exception {
        String team = LoopbackServer.freshPath();
        String broken = LoopbackServer.freshPath();
        SERVER.on(team, request -> Reply.json("{}"));
        SERVER.on(broken, request -> Reply.status(500, "down"));
        UUID reporter = imported(export("error-reporter.json", "SERVER_PLACEHOLDER", SERVER.url(team)));
        Map<String, Object> failing = new HashMap<>(chain(node("Start", "manualTrigger"),
                node("Call", "httpRequest", "url", SERVER.url(broken))));
        failing.put("settings", Map.of("errorWorkflow", reporter.toString()));
        UUID workflow = workflow(token, failing);

        runAndWait(token, workflow, null);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (SERVER.received(team).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }

        assertThat(SERVER.received(team)).hasSize(1);
        JsonNode body = JSON.readTree(SERVER.received(team).get(0).body());
        assertThat(body.path("node").asString()).isEqualTo("Call");
        assertThat(body.path("workflow").asString()).startsWith("engine ");
        assertThat(SERVER.received(team).get(0).headers().get("x-source")).isEqualTo("n8n-import");
    }

    @Test
    void nodesPumpFlixDoesNotRunAreEachNamedAndNothingIsCreated() throws IOException {
        long before = jdbc.sql("SELECT count(*) FROM workflows WHERE organization_id = ?").param(org.organizationId())
                .query(Long.class).single();

        ApiClient.Response refused = importing(export("unsupported.json"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("errors")).extracting(e -> e.path("node").asString())
                .contains("Normalise email", "Post to Slack");
        assertThat(refused.json().path("errors").toString()).contains("n8n-nodes-base.code").contains("n8n-nodes-base.slack");
        assertThat(jdbc.sql("SELECT count(*) FROM workflows WHERE organization_id = ?").param(org.organizationId())
                .query(Long.class).single()).isEqualTo(before);
    }

    @Test
    void anExpressionJsonataCannotReadAndAMissingCredentialAreNamedByNode() {
        Map<String, Object> export = Map.of("name", "js", "nodes", List.of(
                Map.of("name", "Start", "type", "n8n-nodes-base.manualTrigger", "typeVersion", 1, "parameters", Map.of()),
                Map.of("name", "Ids", "type", "n8n-nodes-base.set", "typeVersion", 3.4, "parameters", Map.of(
                        "assignments", Map.of("assignments", List.of(Map.of("name", "ids",
                                "value", "={{ $json.items.map(i => i.id) }}", "type", "array")))))),
                "connections", Map.of("Start", Map.of("main", List.of(List.of(Map.of("node", "Ids", "type", "main",
                        "index", 0))))));
        ApiClient.Response refused = api.post("/api/v1/workflows/import", token, export);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("errors").get(0).path("node").asString()).isEqualTo("Ids");
        assertThat(refused.json().path("errors").get(0).path("parameter").asString()).contains("fields.ids");

        ApiClient.Response noCredential = importing(exportWithCredential());
        assertThat(noCredential.status()).isEqualTo(400);
        assertThat(noCredential.json().path("errors").get(0).path("parameter").asString())
                .isEqualTo("credentials.httpBearerAuth");
        assertThat(noCredential.json().path("errors").get(0).path("message").asString()).contains("Billing token");
    }

    private static String exportWithCredential() {
        return JSON.writeValueAsString(Map.of("name", "cred", "nodes", List.of(Map.of("name", "Call",
                "type", "n8n-nodes-base.httpRequest", "typeVersion", 4.2,
                "parameters", Map.of("url", "https://billing.example.com"),
                "credentials", Map.of("httpBearerAuth", Map.of("id", "3", "name", "Billing token")))),
                "connections", Map.of()));
    }
}
