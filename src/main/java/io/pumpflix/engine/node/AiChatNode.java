package io.pumpflix.engine.node;

import io.pumpflix.engine.definition.Checks;
import io.pumpflix.engine.definition.NodeDefinition;
import io.pumpflix.engine.expression.ExpressionException;
import io.pumpflix.engine.expression.JsonText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * One chat completion per item from an OpenAI-compatible endpoint ({@code POST
 * {baseUrl}/chat/completions}), with the credential {@code openAiApi} ({@code {apiKey, baseUrl}},
 * base URL defaulting to OpenAI's). The prompt is an AI prompt template ({@code promptTemplateId},
 * its {@code {{ }}} placeholders read against the item) or {@code prompt} (text or expression);
 * {@code model} is required, {@code system}, {@code temperature}, {@code maxTokens} and
 * {@code timeoutMs} optional. Emits {@code {text, usage}}, usage as the endpoint counted it
 * ({@code prompt_tokens}, {@code completion_tokens}, {@code total_tokens}). The endpoint's address
 * is judged by the outbound rules like any other.
 */
@Component
public class AiChatNode implements NodeType {

    static final String OPENAI = "https://api.openai.com/v1";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public String name() {
        return "aiChat";
    }

    @Override
    public boolean sideEffects() {
        return true;
    }

    @Override
    public Set<String> credentialTypes() {
        return Set.of("openAiApi");
    }

    @Override
    public void validate(NodeDefinition node, Checks checks) {
        checks.text(node, "model");
        Object template = node.parameter("promptTemplateId");
        Object prompt = node.parameter("prompt");
        if ((template == null) == (prompt == null)) {
            checks.error(template == null ? "prompt" : "promptTemplateId",
                    "an aiChat node has either a prompt or a promptTemplateId");
        } else if (template != null && templateId(node) == null) {
            checks.error("promptTemplateId", "must be the id (a UUID) of an AI prompt template");
        } else if (prompt != null) {
            checks.text(node, "prompt");
        }
        if (node.parameter("system") != null) {
            checks.text(node, "system");
        }
        Object temperature = node.parameter("temperature");
        if (temperature != null && !(temperature instanceof Number n && n.doubleValue() >= 0 && n.doubleValue() <= 2)) {
            checks.error("temperature", "must be a number from 0 to 2");
        }
        Object maxTokens = node.parameter("maxTokens");
        if (maxTokens != null && !(maxTokens instanceof Integer n && n > 0)) {
            checks.error("maxTokens", "must be a positive whole number");
        }
        Object timeout = node.parameter("timeoutMs");
        if (timeout != null && !(timeout instanceof Integer ms && ms > 0)) {
            checks.error("timeoutMs", "must be a positive whole number of milliseconds");
        }
        if (!node.credentials().containsKey("openAiApi")) {
            checks.error("credentials.openAiApi", "is required: an openAiApi credential {apiKey, baseUrl}");
        }
    }

    public static UUID templateId(NodeDefinition node) {
        return NodeDefinition.uuid(node.parameter("promptTemplateId"));
    }

    @Override
    public List<List<Map<String, Object>>> run(NodeCall call) {
        NodeDefinition node = call.node();
        Map<String, String> credential = call.credential("openAiApi").orElseThrow(() -> new NodeFailure(
                "credentials.openAiApi", "credentials.openAiApi: the node names no openAiApi credential", false));
        String apiKey = credential.get("apiKey");
        if (apiKey == null || apiKey.isEmpty()) {
            throw new NodeFailure("credentials.openAiApi",
                    "credentials.openAiApi: the credential has no 'apiKey' field (a JSON object {apiKey, baseUrl})", false);
        }
        String base = credential.getOrDefault("baseUrl", credential.getOrDefault("url", OPENAI));
        if (base == null || base.isBlank()) {
            base = OPENAI;
        }
        String url = base.replaceAll("/+$", "") + "/chat/completions";
        UUID templateId = templateId(node);
        String template = templateId == null ? null : call.promptTemplate(templateId);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> item : call.inputs().get(0)) {
            call.checkNotStopped();
            out.add(complete(call, item, url, apiKey, template));
        }
        return List.of(out);
    }

    private Map<String, Object> complete(NodeCall call, Map<String, Object> item, String url, String apiKey,
            String template) {
        String prompt;
        if (template != null) {
            try {
                prompt = call.expressions().fill(template, "promptTemplateId", call.scope(item));
            } catch (ExpressionException e) {
                throw new NodeFailure("promptTemplateId", "the prompt template: " + e.getMessage(), false);
            }
        } else {
            prompt = String.valueOf(call.parameter("prompt", item));
        }
        List<Map<String, Object>> messages = new ArrayList<>();
        Object system = call.parameter("system", item);
        if (system != null) {
            messages.add(Map.of("role", "system", "content", String.valueOf(system)));
        }
        messages.add(Map.of("role", "user", "content", prompt));
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("model", String.valueOf(call.parameter("model", item)));
        request.put("messages", messages);
        if (call.node().parameter("temperature") instanceof Number temperature) {
            request.put("temperature", temperature);
        }
        if (call.node().parameter("maxTokens") instanceof Number maxTokens) {
            request.put("max_tokens", maxTokens);
        }
        Duration timeout = call.remaining();
        if (call.node().parameter("timeoutMs") instanceof Number ms && Duration.ofMillis(ms.longValue()).compareTo(timeout) < 0) {
            timeout = Duration.ofMillis(ms.longValue());
        }
        OutboundCalls.Response response = call.outbound().send("POST", url,
                Map.of("Authorization", List.of("Bearer " + apiKey), "Accept", List.of("application/json")),
                JsonText.of(request), "application/json", timeout);
        if (response.statusCode() < 200 || response.statusCode() >= 300) {
            String excerpt = response.body().length() > 200 ? response.body().substring(0, 200) + "..." : response.body();
            throw new NodeFailure("model", "the chat endpoint answered " + response.statusCode()
                    + (excerpt.isBlank() ? "" : ": " + excerpt), response.statusCode() >= 500 || response.statusCode() == 429);
        }
        Map<?, ?> answer;
        try {
            answer = JSON.readValue(response.body(), Map.class);
        } catch (JacksonException e) {
            throw new NodeFailure("model", "the chat endpoint's answer is not JSON", false);
        }
        Object text = null;
        if (answer.get("choices") instanceof List<?> choices && !choices.isEmpty()
                && choices.get(0) instanceof Map<?, ?> choice && choice.get("message") instanceof Map<?, ?> message) {
            text = message.get("content");
        }
        if (!(text instanceof String)) {
            throw new NodeFailure("model", "the chat endpoint's answer has no choices[0].message.content", false);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("text", text);
        result.put("usage", answer.get("usage") instanceof Map<?, ?> usage ? usage : Map.of());
        return result;
    }
}
