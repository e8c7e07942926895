package io.pumpflix.engine.node;

import io.pumpflix.engine.definition.Checks;
import io.pumpflix.engine.definition.NodeDefinition;
import io.pumpflix.engine.expression.JsonText;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * One HTTP request per item: {@code method} (GET), {@code url}, {@code query}, {@code headers},
 * {@code body} (JSON for objects and lists, text otherwise), {@code timeoutMs}; credentials
 * {@code httpHeaderAuth} ({name, value}), {@code httpBearerAuth} ({token}) or
 * {@code httpBasicAuth} ({user, password}). Emits {@code {statusCode, headers, body}}, the body
 * parsed when it is JSON. An answer outside 2xx fails the node (retryable for 5xx and 429) unless
 * {@code neverError}. Every address is judged by the outbound rules before it is connected to.
 */
@Component
class HttpRequestNode implements NodeType {

    static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public String name() {
        return "httpRequest";
    }

    @Override
    public boolean sideEffects() {
        return true;
    }

    @Override
    public Set<String> credentialTypes() {
        return Set.of("httpHeaderAuth", "httpBearerAuth", "httpBasicAuth");
    }

    @Override
    public void validate(NodeDefinition node, Checks checks) {
        checks.text(node, "url");
        Object url = node.parameter("url");
        if (url instanceof String text && !text.startsWith("=") && !text.matches("(?i)^https?://[^/\\s]+.*")) {
            checks.error("url", "must be an http or https URL or an expression, got " + text);
        }
        Object method = node.parameter("method");
        if (method != null && !(method instanceof String m && (m.startsWith("=")
                || METHODS.contains(m.toUpperCase(Locale.ROOT))))) {
            checks.error("method", "must be one of " + String.join(", ", METHODS));
        }
        checks.objectOrExpression(node, "query");
        checks.objectOrExpression(node, "headers");
        checks.expression(node.parameter("body"), "body");
        Object timeout = node.parameter("timeoutMs");
        if (timeout != null && !(timeout instanceof Integer ms && ms > 0)) {
            checks.error("timeoutMs", "must be a positive whole number of milliseconds");
        }
        if (node.credentials().size() > 1) {
            checks.error("credentials", "an httpRequest node uses at most one credential");
        }
    }

    @Override
    public List<List<Map<String, Object>>> run(NodeCall call) {
        NodeDefinition node = call.node();
        Map<String, List<String>> authHeaders = authentication(call);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> item : call.inputs().get(0)) {
            call.checkNotStopped();
            out.add(request(call, node, item, authHeaders));
        }
        return List.of(out);
    }

    private Map<String, Object> request(NodeCall call, NodeDefinition node, Map<String, Object> item,
            Map<String, List<String>> authHeaders) {
        String method = String.valueOf(orDefault(call.parameter("method", item), "GET")).toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw new NodeFailure("method", "method: must be one of " + String.join(", ", METHODS) + ", got " + method,
                    false);
        }
        Object url = call.parameter("url", item);
        if (!(url instanceof String text) || text.isBlank()) {
            throw new NodeFailure("url", "url: the expression gave no URL", false);
        }
        String target = withQuery(text, call.parameter("query", item));
        Map<String, List<String>> headers = new LinkedHashMap<>();
        if (call.parameter("headers", item) instanceof Map<?, ?> map) {
            map.forEach((name, value) -> headers.computeIfAbsent(String.valueOf(name), k -> new ArrayList<>())
                    .add(String.valueOf(value)));
        }
        headers.putAll(authHeaders);
        Object body = call.parameter("body", item);
        String bodyText = null;
        String contentType = "application/json";
        if (body instanceof Map || body instanceof List) {
            bodyText = JsonText.of(body);
        } else if (body != null) {
            bodyText = String.valueOf(body);
            contentType = "text/plain; charset=UTF-8";
        }
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase("content-type") && !header.getValue().isEmpty()) {
                contentType = header.getValue().get(0);
            }
        }
        headers.keySet().removeIf(name -> name.equalsIgnoreCase("content-type"));
        OutboundCalls.Response response = call.outbound().send(method, target, headers, bodyText, contentType,
                timeout(call, item));
        boolean ok = response.statusCode() >= 200 && response.statusCode() < 300;
        if (!ok && !Boolean.TRUE.equals(node.parameter("neverError"))) {
            String excerpt = response.body().length() > 200 ? response.body().substring(0, 200) + "..." : response.body();
            throw new NodeFailure("url", "url: " + method + " answered " + response.statusCode()
                    + (excerpt.isBlank() ? "" : ": " + excerpt), response.statusCode() >= 500 || response.statusCode() == 429);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("statusCode", response.statusCode());
        result.put("headers", new LinkedHashMap<>(response.headers()));
        result.put("body", body(response));
        return result;
    }

    private static Object orDefault(Object value, Object fallback) {
        return value == null ? fallback : value;
    }

    private static Object body(OutboundCalls.Response response) {
        String type = response.headers().getOrDefault("content-type", "");
        if (type.contains("json") && !response.body().isBlank()) {
            try {
                return JSON.readValue(response.body(), Object.class);
            } catch (JacksonException e) {
                return response.body();
            }
        }
        return response.body();
    }

    private static Duration timeout(NodeCall call, Map<String, Object> item) {
        Object asked = call.parameter("timeoutMs", item);
        Duration left = call.remaining();
        if (asked instanceof Number ms && ms.longValue() > 0) {
            Duration wanted = Duration.ofMillis(ms.longValue());
            return wanted.compareTo(left) < 0 ? wanted : left;
        }
        return left;
    }

    private static String withQuery(String url, Object query) {
        if (!(query instanceof Map<?, ?> map) || map.isEmpty()) {
            return url;
        }
        StringBuilder target = new StringBuilder(url);
        char separator = url.contains("?") ? '&' : '?';
        for (Map.Entry<?, ?> parameter : map.entrySet()) {
            target.append(separator).append(URLEncoder.encode(String.valueOf(parameter.getKey()), StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(String.valueOf(parameter.getValue()), StandardCharsets.UTF_8));
            separator = '&';
        }
        return target.toString();
    }

    /** The headers a credential adds; its fields are decrypted now, for this node, and logged as a use. */
    private static Map<String, List<String>> authentication(NodeCall call) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        Optional<Map<String, String>> header = call.credential("httpHeaderAuth");
        if (header.isPresent()) {
            headers.put(required(header.get(), "name", "httpHeaderAuth"),
                    List.of(required(header.get(), "value", "httpHeaderAuth")));
        }
        Optional<Map<String, String>> bearer = call.credential("httpBearerAuth");
        if (bearer.isPresent()) {
            headers.put("Authorization", List.of("Bearer " + required(bearer.get(), "token", "httpBearerAuth")));
        }
        Optional<Map<String, String>> basic = call.credential("httpBasicAuth");
        if (basic.isPresent()) {
            String pair = required(basic.get(), "user", "httpBasicAuth") + ":" + required(basic.get(), "password",
                    "httpBasicAuth");
            headers.put("Authorization", List.of("Basic " + Base64.getEncoder().encodeToString(
                    pair.getBytes(StandardCharsets.UTF_8))));
        }
        return headers;
    }

    private static String required(Map<String, String> fields, String field, String type) {
        String value = fields.get(field);
        if (value == null || value.isEmpty()) {
            throw new NodeFailure("credentials." + type, "credentials." + type + ": the credential has no '" + field
                    + "' field (an " + type + " secret is a JSON object with it)", false);
        }
        return value;
    }
}
