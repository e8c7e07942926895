package io.pumpflix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpflix.LoopbackServer.Reply;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Each node type and each expression rule, run for real and read back from the execution and its nodes. */
class NodeTypesTest extends EngineTest {

    String token;

    @BeforeEach
    void organization() {
        token = signUp().ownerToken();
    }

    @Test
    void setKeepsAWholeExpressionsTypeAndJoinsTemplatesAsText() {
        UUID workflow = workflow(token, chain(node("Start", "manualTrigger"), node("Price", "set", "fields", Map.of(
                "total", "={{ $json.qty * $json.price }}",
                "big", "={{ $json.qty * $json.price > 100 }}",
                "label", "=Order of {{ $json.qty }} at {{ $json.price }}",
                "customer.id", "c-1",
                "literal", 42))));

        JsonNode run = runAndWait(token, workflow, List.of(Map.of("qty", 3, "price", 41.5)));

        assertThat(run.path("status").asString()).isEqualTo("success");
        JsonNode item = run.path("output").get(0);
        assertThat(item.path("total").isNumber()).isTrue();
        assertThat(item.path("total").asDouble()).isEqualTo(124.5);
        assertThat(item.path("big").isBoolean()).isTrue();
        assertThat(item.path("big").asBoolean()).isTrue();
        assertThat(item.path("label").asString()).isEqualTo("Order of 3 at 41.5");
        assertThat(item.path("customer").path("id").asString()).isEqualTo("c-1");
        assertThat(item.path("literal").asInt()).isEqualTo(42);
        assertThat(item.path("qty").asInt()).as("set keeps the other fields").isEqualTo(3);
    }

    @Test
    void expressionsSeeTheInputEarlierNodesTheExecutionAndTheWorkflow() {
        UUID workflow = workflow(token, chain(node("Start", "manualTrigger"),
                node("First", "set", "fields", Map.of("seen", "={{ $count($input) }}")),
                node("Second", "set", "keepOnlySet", true, "fields", Map.of(
                        "fromFirst", "={{ $node('First').seen }}",
                        "execution", "={{ $execution.id }}",
                        "mode", "={{ $execution.mode }}",
                        "workflow", "={{ $workflow.id }}",
                        "now", "={{ $now }}"))));

        JsonNode run = runAndWait(token, workflow, List.of(Map.of("a", 1), Map.of("a", 2)));

        JsonNode item = run.path("output").get(0);
        assertThat(item.path("fromFirst").asInt()).isEqualTo(2);
        assertThat(item.path("execution").asString()).isEqualTo(run.path("executionId").asString());
        assertThat(item.path("mode").asString()).isEqualTo("manual");
        assertThat(item.path("workflow").asString()).isEqualTo(workflow.toString());
        assertThat(item.path("now").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(item.has("a")).as("keepOnlySet").isFalse();
        assertThat(run.path("output")).hasSize(2);
    }

    @Test
    void anExpressionErrorFailsTheNodeNamingNodeParameterAndExpression() {
        UUID workflow = workflow(token, chain(node("Start", "manualTrigger"),
                node("Broken", "set", "fields", Map.of("x", "={{ $number('not a number') }}"))));

        JsonNode run = runAndWait(token, workflow, null);

        assertThat(run.path("status").asString()).isEqualTo("error");
        assertThat(run.path("error").path("node").asString()).isEqualTo("Broken");
        assertThat(run.path("error").path("parameter").asString()).isEqualTo("fields.x");
        assertThat(run.path("error").path("message").asString()).contains("fields.x").contains("$number('not a number')");
        JsonNode broken = nodeNamed(nodes(token, run.path("executionId").asString()), "Broken");
        assertThat(broken.path("status").asString()).isEqualTo("error");
        assertThat(broken.path("error").path("parameter").asString()).isEqualTo("fields.x");
    }

    @Test
    void ifRoutesTrueAndFalseItemsAndOnlyTheBranchWithItemsRuns() {
        Map<String, Object> definition = Map.of(
                "nodes", List.of(node("Start", "manualTrigger"), node("Big?", "if", "condition", "={{ $json.n > 10 }}"),
                        node("Big", "set", "fields", Map.of("size", "big")),
                        node("Small", "set", "fields", Map.of("size", "small")),
                        node("Never", "noOp")),
                "connections", Map.of("Start", outputs(List.of("Big?")),
                        "Big?", outputs(List.of("Big"), List.of("Small")),
                        "Small", outputs(List.of("Never"))));
        UUID workflow = workflow(token, definition);

        JsonNode run = runAndWait(token, workflow, List.of(Map.of("n", 50), Map.of("n", 70)));
        JsonNode nodes = nodes(token, run.path("executionId").asString());

        assertThat(run.path("status").asString()).isEqualTo("success");
        assertThat(run.path("output")).hasSize(2);
        assertThat(run.path("output").get(0).path("size").asString()).isEqualTo("big");
        assertThat(nodes).extracting(n -> n.path("node").asString()).containsExactly("Start", "Big?", "Big");
        assertThat(nodeNamed(nodes, "Big?").path("outputs").get(0)).hasSize(2);
        assertThat(nodeNamed(nodes, "Big?").path("outputs").get(1)).isEmpty();
    }

    @Test
    void switchTakesTheFirstRuleThatHoldsAndTheFallbackTakesTheRest() {
        Map<String, Object> definition = Map.of(
                "nodes", List.of(node("Start", "manualTrigger"), node("Route", "switch",
                        "rules", List.of("={{ $json.n < 10 }}", Map.of("condition", "={{ $json.n < 100 }}")),
                        "fallbackOutput", "extra"),
                        node("Merged", "merge", "mode", "append")),
                "connections", Map.of("Start", outputs(List.of("Route")),
                        "Route", outputs(List.of("Merged:0"), List.of("Merged:1"), List.of())));
        UUID workflow = workflow(token, definition);

        JsonNode run = runAndWait(token, workflow, List.of(Map.of("n", 500), Map.of("n", 50), Map.of("n", 5)));
        JsonNode route = nodeNamed(nodes(token, run.path("executionId").asString()), "Route");

        assertThat(route.path("outputs")).hasSize(3);
        assertThat(route.path("outputs").get(0).get(0).path("n").asInt()).isEqualTo(5);
        assertThat(route.path("outputs").get(1).get(0).path("n").asInt()).isEqualTo(50);
        assertThat(route.path("outputs").get(2).get(0).path("n").asInt()).isEqualTo(500);
        assertThat(run.path("output")).extracting(n -> n.path("n").asInt()).containsExactly(5, 50);
    }

    @Test
    void mergeWaitsForBothInputsAndCombinesByPosition() {
        Map<String, Object> definition = Map.of(
                "nodes", List.of(node("Start", "manualTrigger"),
                        node("Left", "set", "keepOnlySet", true, "fields", Map.of("left", "={{ $json.n }}")),
                        node("Right", "set", "keepOnlySet", true, "fields", Map.of("right", "={{ $json.n * 10 }}")),
                        node("Both", "merge", "mode", "combineByPosition")),
                "connections", Map.of("Start", outputs(List.of("Left", "Right")),
                        "Left", outputs(List.of("Both:0")), "Right", outputs(List.of("Both:1"))));
        UUID workflow = workflow(token, definition);

        JsonNode run = runAndWait(token, workflow, List.of(Map.of("n", 1), Map.of("n", 2)));

        assertThat(run.path("output")).hasSize(2);
        assertThat(run.path("output").get(1).path("left").asInt()).isEqualTo(2);
        assertThat(run.path("output").get(1).path("right").asInt()).isEqualTo(20);
    }

    @Test
    void aDisabledNodePassesItemsThroughAndNoOpToo() {
        UUID workflow = workflow(token, chain(node("Start", "manualTrigger"),
                with(node("Off", "set", "fields", Map.of("touched", true)), "disabled", true), node("Pass", "noOp")));

        JsonNode run = runAndWait(token, workflow, List.of(Map.of("k", "v")));

        assertThat(run.path("output").get(0).path("k").asString()).isEqualTo("v");
        assertThat(run.path("output").get(0).has("touched")).isFalse();
        assertThat(nodes(token, run.path("executionId").asString())).extracting(n -> n.path("node").asString())
                .containsExactly("Start", "Pass");
    }

    @Test
    void httpRequestSendsPerItemAndEmitsStatusHeadersAndParsedBody() {
        String path = SERVER.freshPath();
        SERVER.on(path, request -> Reply.json("{\"got\": " + request.body() + ", \"q\": \"" + request.query() + "\"}"));
        UUID workflow = workflow(token, chain(node("Start", "manualTrigger"), node("Call", "httpRequest",
                "method", "POST", "url", SERVER.url(path), "query", Map.of("id", "={{ $json.id }}"),
                "headers", Map.of("X-Trace", "t-1"), "body", "={{ {'id': $json.id} }}")));

        JsonNode run = runAndWait(token, workflow, List.of(Map.of("id", 7), Map.of("id", 8)));

        assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("success");
        assertThat(run.path("output")).hasSize(2);
        JsonNode first = run.path("output").get(0);
        assertThat(first.path("statusCode").asInt()).isEqualTo(200);
        assertThat(first.path("headers").path("content-type").asString()).contains("application/json");
        assertThat(first.path("body").path("got").path("id").asInt()).isEqualTo(7);
        assertThat(first.path("body").path("q").asString()).isEqualTo("id=7");
        assertThat(SERVER.received(path)).hasSize(2)
                .allSatisfy(request -> assertThat(request.headers().get("x-trace")).isEqualTo("t-1"));
    }

    @Test
    void aFailingAnswerFailsTheNodeAfterItsRetriesAndContinueModesCarryTheError() {
        String path = SERVER.freshPath();
        SERVER.on(path, request -> Reply.status(503, "busy"));
        Map<String, Object> call = node("Call", "httpRequest", "url", SERVER.url(path));
        UUID failing = workflow(token, chain(node("Start", "manualTrigger"),
                with(call, "retryOnFail", true, "maxTries", 3, "waitBetweenTries", 10)));

        JsonNode run = runAndWait(token, failing, null);

        assertThat(run.path("status").asString()).isEqualTo("error");
        assertThat(run.path("error").path("message").asString()).contains("503").contains("busy");
        assertThat(SERVER.received(path)).as("three tries").hasSize(3);

        UUID regular = workflow(token, chain(node("Start", "manualTrigger"),
                with(call, "onError", "continueRegularOutput"), node("After", "noOp")));
        JsonNode continued = runAndWait(token, regular, null);
        assertThat(continued.path("status").asString()).isEqualTo("success");
        assertThat(continued.path("output").get(0).path("error").asString()).contains("503");

        Map<String, Object> errorOutput = Map.of(
                "nodes", List.of(node("Start", "manualTrigger"), with(call, "onError", "continueErrorOutput"),
                        node("Fine", "noOp"), node("Failed", "set", "fields", Map.of("handled", true))),
                "connections", Map.of("Start", outputs(List.of("Call")),
                        "Call", outputs(List.of("Fine"), List.of("Failed"))));
        JsonNode routed = runAndWait(token, workflow(token, errorOutput), List.of(Map.of("order", 1)));
        assertThat(routed.path("status").asString()).isEqualTo("success");
        assertThat(routed.path("output").get(0).path("handled").asBoolean()).isTrue();
        assertThat(routed.path("output").get(0).path("order").asInt()).isEqualTo(1);
        assertThat(nodes(token, routed.path("executionId").asString())).extracting(n -> n.path("node").asString())
                .containsExactly("Start", "Call", "Failed");
    }

    @Test
    void anEmptyDefinitionRunsNothingAndSucceeds() {
        UUID workflow = workflow(token, Map.of("nodes", List.of()));

        JsonNode run = runAndWait(token, workflow, null);

        assertThat(run.path("status").asString()).isEqualTo("success");
        assertThat(run.path("output")).isEmpty();
        JsonNode execution = api.get("/api/v1/executions/" + run.path("executionId").asString(), token).json();
        assertThat(execution.path("status").asString()).isEqualTo("success");
        assertThat(execution.path("mode").asString()).isEqualTo("manual");
        assertThat(execution.path("versionId").asString()).isEqualTo(
                api.get("/api/v1/workflows/" + workflow, token).text("currentVersionId"));
    }

    @Test
    void aRunEndsWithAnErrorAtItsTimeout() {
        String path = SERVER.freshPath();
        SERVER.on(path, request -> new Reply(200, Map.of(), "late", 4000));
        Map<String, Object> definition = new java.util.LinkedHashMap<>(chain(node("Start", "manualTrigger"),
                node("Slow", "httpRequest", "url", SERVER.url(path)), node("Never", "noOp")));
        definition.put("settings", Map.of("timeoutSeconds", 1));
        UUID workflow = workflow(token, definition);
        long started = System.nanoTime();

        JsonNode run = runAndWait(token, workflow, null);

        assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(java.time.Duration.ofSeconds(3));
        assertThat(run.path("status").asString()).isEqualTo("error");
        assertThat(run.path("error").path("node").asString()).isEqualTo("Slow");
        assertThat(run.path("error").path("message").asString()).contains("within");
        assertThat(nodes(token, run.path("executionId").asString())).extracting(n -> n.path("node").asString())
                .doesNotContain("Never");
    }
}
