package io.pumpflix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpflix.api.ApiClient;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** /webhook/{path}: the three answer modes, the webhook's own rules, and what a run of it records. */
class WebhookTest extends EngineTest {

    String token;

    @BeforeEach
    void organization() {
        token = signUp().ownerToken();
    }

    private static String path() {
        return "hooks/" + UUID.randomUUID();
    }

    private ApiClient.Response call(String method, String path, String body, String... headers) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        return new ApiClient(port).send(method, "/webhook/" + path, null, publisher, "application/json", headers);
    }

    @Test
    void lastNodeAnswersWithTheLastNodesFirstItem() {
        String path = path();
        workflow(token, chain(node("Order", "webhook", "path", path, "responseMode", "lastNode"),
                node("Price", "set", "keepOnlySet", true, "fields", Map.of(
                        "total", "={{ $json.body.qty * $json.body.price }}", "method", "={{ $json.method }}",
                        "source", "={{ $json.query.source }}"))));

        ApiClient.Response answer = call("POST", path + "?source=shop", "{\"qty\": 2, \"price\": 60}");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().path("total").asInt()).isEqualTo(120);
        assertThat(answer.json().path("method").asString()).isEqualTo("POST");
        assertThat(answer.json().path("source").asString()).isEqualTo("shop");
    }

    @Test
    void onReceivedAnswers202WithTheQueuedExecutionWhichThenRuns() throws InterruptedException {
        String path = path();
        UUID workflow = workflow(token, chain(node("Hook", "webhook", "path", path), node("Done", "noOp")));

        ApiClient.Response answer = call("POST", path, "{\"a\": 1}");

        assertThat(answer.status()).isEqualTo(202);
        String execution = answer.text("executionId");
        String status = "";
        for (int i = 0; i < 100 && !status.equals("success"); i++) {
            status = api.get("/api/v1/executions/" + execution, token).text("status");
            Thread.sleep(50);
        }
        assertThat(status).isEqualTo("success");
        JsonNode run = api.get("/api/v1/executions/" + execution, token).json();
        assertThat(run.path("mode").asString()).isEqualTo("webhook");
        assertThat(run.path("workflowId").asString()).isEqualTo(workflow.toString());
        assertThat(run.path("input").get(0).path("body").path("a").asInt()).isEqualTo(1);
        assertThat(run.path("input").get(0).path("path").asString()).isEqualTo(path);
    }

    @Test
    void responseNodeAnswersWhatRespondToWebhookSet() {
        String path = path();
        workflow(token, chain(node("Hook", "webhook", "path", path, "responseMode", "responseNode"),
                node("Answer", "respondToWebhook", "statusCode", 201, "body", "={{ {'received': $json.body.id} }}",
                        "headers", Map.of("X-Order", "={{ $json.body.id }}"))));

        ApiClient.Response answer = call("POST", path, "{\"id\": \"o-9\"}");

        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.json().path("received").asString()).isEqualTo("o-9");
        assertThat(answer.raw().headers().firstValue("X-Order")).contains("o-9");
    }

    @Test
    void allEntriesAnswersEveryItemAndAFailedRunIs500NamingTheNode() {
        String path = path();
        workflow(token, chain(node("Hook", "webhook", "path", path, "responseMode", "lastNode",
                "responseData", "allEntries"), node("Split", "set", "fields", Map.of("n", "={{ $json.body.n }}"))));
        assertThat(call("POST", path, "{\"n\": 3}").json().isArray()).isTrue();

        String failing = path();
        workflow(token, chain(node("Hook", "webhook", "path", failing, "responseMode", "lastNode"),
                node("Boom", "set", "fields", Map.of("x", "={{ $number('x') }}"))));
        ApiClient.Response failed = call("POST", failing, "{}");
        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.json().path("node").asString()).isEqualTo("Boom");
        assertThat(failed.text("detail")).contains("Boom");
        assertThat(failed.json().path("executionId").asString()).isNotBlank();
    }

    @Test
    void unknownPathsWrongMethodsAndArchivedWorkflowsAreRefused() {
        assertThat(call("POST", path(), "{}").status()).isEqualTo(404);

        String path = path();
        UUID workflow = workflow(token, chain(node("Hook", "webhook", "path", path, "httpMethod", "PUT")));
        assertThat(call("POST", path, "{}").status()).isEqualTo(405);
        assertThat(call("PUT", path, "{}").status()).isEqualTo(202);

        api.post("/api/v1/workflows/" + workflow + "/archive", token, null);
        assertThat(call("PUT", path, "{}").status()).isEqualTo(404);
    }

    @Test
    void onlyTheCurrentVersionIsTriggered() {
        String old = path();
        String current = path();
        UUID workflow = workflow(token, chain(node("Hook", "webhook", "path", old, "responseMode", "lastNode")));
        api.post("/api/v1/workflows/" + workflow + "/versions", token, Map.of("definition",
                chain(node("Hook", "webhook", "path", current, "responseMode", "lastNode"),
                        node("V2", "set", "fields", Map.of("version", 2)))));

        assertThat(call("POST", old, "{}").status()).isEqualTo(404);
        assertThat(call("POST", current, "{}").json().path("version").asInt()).isEqualTo(2);
    }

    @Test
    void headerAuthLetsInOnlyCallsWithTheCredentialsHeaderAndKeepsItOutOfTheRun() {
        String secret = "hook-" + UUID.randomUUID();
        String credential = api.post("/api/v1/credentials", token, Map.of("name", "hook", "type", "httpHeaderAuth",
                "secret", "{\"name\": \"X-Hook-Key\", \"value\": \"" + secret + "\"}")).text("id");
        String path = path();
        workflow(token, chain(with(node("Hook", "webhook", "path", path, "responseMode", "lastNode",
                "authentication", "headerAuth"), "credentials", Map.of("httpHeaderAuth", Map.of("id", credential)))));

        assertThat(call("POST", path, "{}").status()).isEqualTo(401);
        assertThat(call("POST", path, "{}", "X-Hook-Key", "wrong").status()).isEqualTo(401);
        ApiClient.Response admitted = call("POST", path, "{\"ok\": true}", "X-Hook-Key", secret);

        assertThat(admitted.status()).as(admitted.body()).isEqualTo(200);
        assertThat(admitted.body()).doesNotContain(secret);
        assertThat(admitted.json().path("headers").has("x-hook-key")).isFalse();
        assertThat(jdbc.sql("SELECT count(*) FROM workflow_executions WHERE input_data::text LIKE ?")
                .param("%" + secret + "%").query(Long.class).single()).isZero();
        assertThat(api.get("/api/v1/credentials/" + credential + "/usage", token).json().path("items"))
                .as("one use, by the admitted call, logged against its execution").hasSize(1)
                .allSatisfy(use -> assertThat(use.path("executionId").asString()).isNotBlank());
    }

    @Test
    void aBodyOverTheLimitIsRefusedAndTheRateIsPerPath() {
        String path = path();
        workflow(token, chain(node("Hook", "webhook", "path", path)));
        ApiClient.Response tooLarge = call("POST", path, "{\"x\": \"" + "a".repeat(2 * 1024 * 1024) + "\"}");
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(call("POST", path, "{not json").status()).isEqualTo(400);
    }
}
