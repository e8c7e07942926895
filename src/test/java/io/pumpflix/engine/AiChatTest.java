package io.pumpflix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpflix.LoopbackServer;
import io.pumpflix.LoopbackServer.Reply;
import io.pumpflix.api.ApiClient;
import io.pumpflix.identity.Role;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The aiChat node against a fake OpenAI-compatible endpoint on loopback: a prompt template filled
 * from the item, the key sent and kept secret, usage recorded; an address outside the allow-list
 * refused before any connection; another member's template refused at commit.
 */
class AiChatTest extends EngineTest {

    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder()
            .build();

    Org org;
    String token;
    String base;

    @BeforeEach
    void organization() {
        org = signUp();
        token = org.ownerToken();
        base = LoopbackServer.freshPath();
        SERVER.on(base + "/chat/completions", request -> {
            JsonNode asked = JSON.readTree(request.body());
            String prompt = asked.path("messages").get(asked.path("messages").size() - 1).path("content").asString();
            return Reply.json(JSON.writeValueAsString(Map.of(
                    "id", "chatcmpl-1", "object", "chat.completion", "model", asked.path("model").asString(),
                    "choices", List.of(Map.of("index", 0, "finish_reason", "stop",
                            "message", Map.of("role", "assistant", "content", "echo: " + prompt))),
                    "usage", Map.of("prompt_tokens", prompt.length(), "completion_tokens", 3,
                            "total_tokens", prompt.length() + 3))));
        });
    }

    private String credential(String apiKey, String baseUrl) {
        ApiClient.Response created = api.post("/api/v1/credentials", token, Map.of("name", "llm", "type", "openAiApi",
                "secret", "{\"apiKey\":\"" + apiKey + "\",\"baseUrl\":\"" + baseUrl + "\"}"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.text("id");
    }

    private String template(String memberToken, String body) {
        ApiClient.Response created = api.post("/api/v1/prompt-templates", memberToken,
                Map.of("title", "summary", "promptBody", body));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.text("id");
    }

    @Test
    void aPromptTemplateIsFilledFromEachItemAndUsageIsRecorded() {
        String key = "sk-" + UUID.randomUUID();
        String llm = credential(key, SERVER.url(base));
        String prompt = template(token, "Summarize {{ topic }} for {{ $json.audience }} in {{ words }} words.");
        UUID workflow = workflow(token, chain(node("Start", "manualTrigger"),
                with(node("Ask", "aiChat", "model", "gpt-test", "promptTemplateId", prompt, "system", "Be brief.",
                        "temperature", 0.2), "credentials", Map.of("openAiApi", Map.of("id", llm)))));

        JsonNode run = runAndWait(token, workflow, List.of(Map.of("topic", "cats", "audience", "kids", "words", 10),
                Map.of("topic", "tides", "audience", "sailors", "words", 20)));

        assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("success");
        assertThat(run.path("output")).extracting(i -> i.path("text").asString()).containsExactly(
                "echo: Summarize cats for kids in 10 words.", "echo: Summarize tides for sailors in 20 words.");
        assertThat(run.path("output").get(0).path("usage").path("total_tokens").asInt())
                .isEqualTo("Summarize cats for kids in 10 words.".length() + 3);
        List<LoopbackServer.Request> calls = SERVER.received(base + "/chat/completions");
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).headers().get("authorization")).isEqualTo("Bearer " + key);
        JsonNode body = JSON.readTree(calls.get(0).body());
        assertThat(body.path("model").asString()).isEqualTo("gpt-test");
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(body.path("messages").get(0).path("content").asString()).isEqualTo("Be brief.");
        JsonNode ask = nodeNamed(nodes(token, run.path("executionId").asString()), "Ask");
        assertThat(ask.path("outputs").toString()).contains("total_tokens").doesNotContain(key);
        assertThat(jdbc.sql("SELECT count(*) FROM credential_usage_logs WHERE credential_id = ?::uuid AND execution_id = ?::uuid")
                .params(llm, run.path("executionId").asString()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void anInlinePromptTakesExpressions() {
        String llm = credential("sk-inline", SERVER.url(base));
        UUID workflow = workflow(token, chain(node("Start", "manualTrigger"),
                with(node("Ask", "aiChat", "model", "={{ $json.model }}", "prompt", "=Translate {{ $json.word }}"),
                        "credentials", Map.of("openAiApi", Map.of("id", llm)))));

        JsonNode run = runAndWait(token, workflow, List.of(Map.of("model", "m-1", "word", "chat")));

        assertThat(run.path("output").get(0).path("text").asString()).isEqualTo("echo: Translate chat");
    }

    @Test
    void anEndpointOutsideTheAllowListIsRefusedBeforeAnyConnection() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket trap = new ServerSocket()) {
            trap.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            Thread accept = new Thread(() -> {
                while (!trap.isClosed()) {
                    try (Socket accepted = trap.accept()) {
                        connections.incrementAndGet();
                    } catch (java.io.IOException closed) {
                        return;
                    }
                }
            });
            accept.setDaemon(true);
            accept.start();
            String llm = credential("sk-trap", "http://127.0.0.1:" + trap.getLocalPort() + "/v1");
            UUID workflow = workflow(token, chain(node("Start", "manualTrigger"),
                    with(node("Ask", "aiChat", "model", "m", "prompt", "hello"),
                            "credentials", Map.of("openAiApi", Map.of("id", llm)))));

            JsonNode run = runAndWait(token, workflow, null);

            assertThat(run.path("status").asString()).isEqualTo("error");
            assertThat(run.path("error").path("node").asString()).isEqualTo("Ask");
            assertThat(run.path("error").path("message").asString()).contains("refused");
            Thread.sleep(200);
            assertThat(connections.get()).as("no connection was made").isZero();
        }
    }

    @Test
    void anotherMembersTemplateIsRefusedAtCommit() {
        String llm = credential("sk-x", SERVER.url(base));
        String theirs = template(member(org, Role.ADMIN), "Their prompt about {{ topic }}");

        ApiClient.Response refused = api.post("/api/v1/workflows", token, Map.of("name", "uses theirs",
                "definition", chain(node("Start", "manualTrigger"), with(node("Ask", "aiChat", "model", "m",
                        "promptTemplateId", theirs), "credentials", Map.of("openAiApi", Map.of("id", llm))))));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("errors").get(0).path("parameter").asString()).isEqualTo("promptTemplateId");
    }
}
