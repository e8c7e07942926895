package io.pumpflix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpflix.api.ApiClient;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Definitions the engine cannot run are refused at commit, every problem named by node and parameter. */
class DefinitionValidationTest extends EngineTest {

    String token;

    @BeforeEach
    void organization() {
        token = signUp().ownerToken();
    }

    private JsonNode refused(Map<String, Object> definition) {
        ApiClient.Response response = api.post("/api/v1/workflows", token, Map.of("name", "n", "definition", definition));
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.raw().headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        return response.json().path("errors");
    }

    private static boolean names(JsonNode errors, String node, String parameter, String fragment) {
        for (JsonNode error : errors) {
            if (node.equals(error.path("node").asString()) && parameter.equals(error.path("parameter").asString())
                    && error.path("message").asString().contains(fragment)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void everyProblemIsListedWithItsNodeAndParameter() {
        JsonNode errors = refused(Map.of(
                "nodes", List.of(node("Start", "manualTrigger"), node("Mystery", "teleport"),
                        node("Call", "httpRequest"), node("Price", "set", "fields", Map.of("x", "={{ $json.( }}")),
                        node("Hook", "webhook", "path", "has spaces", "responseMode", "whenever")),
                "connections", Map.of("Start", outputs(List.of("Nowhere")))));

        assertThat(names(errors, "Mystery", "type", "unknown node type")).as(errors.toString()).isTrue();
        assertThat(names(errors, "Call", "url", "required")).as(errors.toString()).isTrue();
        assertThat(names(errors, "Price", "fields.x", "does not read")).as(errors.toString()).isTrue();
        assertThat(names(errors, "Hook", "path", "may hold")).as(errors.toString()).isTrue();
        assertThat(names(errors, "Hook", "responseMode", "must be one of")).as(errors.toString()).isTrue();
        assertThat(names(errors, "Start", "connections.main[0]", "Nowhere")).as(errors.toString()).isTrue();
    }

    @Test
    void cyclesOutputNumbersAndTriggerInputsAreRefused() {
        JsonNode cycle = refused(Map.of("nodes", List.of(node("A", "noOp"), node("B", "noOp")),
                "connections", Map.of("A", outputs(List.of("B")), "B", outputs(List.of("A")))));
        assertThat(names(cycle, "A", "connections", "cycle")).as(cycle.toString()).isTrue();

        JsonNode output = refused(Map.of("nodes", List.of(node("A", "noOp"), node("B", "noOp")),
                "connections", Map.of("A", outputs(List.of(), List.of("B")))));
        assertThat(names(output, "A", "connections.main[1]", "no output 1")).as(output.toString()).isTrue();

        JsonNode trigger = refused(Map.of("nodes", List.of(node("A", "noOp"), node("T", "manualTrigger")),
                "connections", Map.of("A", outputs(List.of("T")))));
        assertThat(names(trigger, "A", "connections.main[0]", "takes no input")).as(trigger.toString()).isTrue();

        JsonNode duplicate = refused(Map.of("nodes", List.of(node("A", "noOp"), node("A", "noOp"))));
        assertThat(names(duplicate, "A", "name", "unique")).as(duplicate.toString()).isTrue();
    }

    @Test
    void theSchemaRefusesMalformedNodesAndOptions() {
        JsonNode errors = refused(Map.of("nodes", List.of(Map.of("type", "noOp"),
                Map.of("name", "Retry", "type", "noOp", "maxTries", 9, "onError", "ignore"))));
        assertThat(errors.toString()).contains("name").contains("maxTries").contains("onError");
        assertThat(names(errors, "Retry", "maxTries", "")).isTrue();
    }

    @Test
    void aCredentialMustExistInTheOrganizationAndBeOfTheNodesType() {
        String rival = signUp().ownerToken();
        String foreign = api.post("/api/v1/credentials", rival, Map.of("name", "k", "type", "httpHeaderAuth",
                "secret", "{\"name\":\"X-Key\",\"value\":\"v4lue\"}")).text("id");
        String ownOtherType = api.post("/api/v1/credentials", token, Map.of("name", "k", "type", "httpBearerAuth",
                "secret", "{\"token\":\"t0ken\"}")).text("id");

        JsonNode errors = refused(chain(node("Start", "manualTrigger"),
                with(node("Foreign", "httpRequest", "url", "https://example.invalid/"),
                        "credentials", Map.of("httpHeaderAuth", Map.of("id", foreign))),
                with(node("Mistyped", "httpRequest", "url", "https://example.invalid/"),
                        "credentials", Map.of("httpHeaderAuth", Map.of("id", ownOtherType)))));

        assertThat(names(errors, "Foreign", "credentials.httpHeaderAuth", "does not exist")).as(errors.toString()).isTrue();
        assertThat(names(errors, "Mistyped", "credentials.httpHeaderAuth", "httpBearerAuth")).as(errors.toString())
                .isTrue();
    }

    @Test
    void aTakenWebhookPathIsAConflictAndAFreedOneCanBeTaken() {
        String path = "orders-" + UUID.randomUUID();
        UUID first = workflow(token, chain(node("Hook", "webhook", "path", path)));
        String other = signUp().ownerToken();

        ApiClient.Response taken = api.post("/api/v1/workflows", other,
                Map.of("name", "n", "definition", chain(node("Hook", "webhook", "path", "/" + path + "/"))));
        assertThat(taken.status()).as(taken.body()).isEqualTo(409);
        assertThat(taken.text("detail")).contains(path);

        api.post("/api/v1/workflows/" + first + "/archive", token, null);
        assertThat(api.post("/api/v1/workflows", other,
                Map.of("name", "n", "definition", chain(node("Hook", "webhook", "path", path)))).status()).isEqualTo(201);
    }

    @Test
    void aRefusedCommitLeavesTheCurrentVersionAlone() {
        UUID workflow = workflow(token, chain(node("Start", "manualTrigger")));
        String current = api.get("/api/v1/workflows/" + workflow, token).text("currentVersionId");

        ApiClient.Response refused = api.post("/api/v1/workflows/" + workflow + "/versions", token,
                Map.of("definition", chain(node("Start", "manualTrigger"), node("Bad", "if"))));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("errors").get(0).path("node").asString()).isEqualTo("Bad");
        assertThat(api.get("/api/v1/workflows/" + workflow, token).text("currentVersionId")).isEqualTo(current);
        assertThat(api.get("/api/v1/workflows/" + workflow + "/versions", token).json().path("items")).hasSize(1);
    }

    @Test
    void theSchemaIsPublishedAsIsAndInTheOpenApiDescription() {
        ApiClient.Response schema = api.get("/schemas/workflow-definition.json", null);
        assertThat(schema.status()).isEqualTo(200);
        assertThat(schema.json().path("$defs").path("node").path("required").toString()).contains("name", "type");

        JsonNode components = api.get("/v3/api-docs", null).json().path("components").path("schemas");
        assertThat(components.has("WorkflowDefinition")).isTrue();
        assertThat(components.path("WorkflowDefinitionNode").path("properties").has("onError")).isTrue();
    }
}
