package io.pumpflix.engine.node;

import io.pumpflix.engine.definition.Checks;
import io.pumpflix.engine.definition.NodeDefinition;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Start point of {@code /webhook/{path}}: emits {@code {headers, query, body, method, path}}.
 * {@code responseMode} says when and what the caller is answered; {@code authentication:
 * headerAuth} with an {@code httpHeaderAuth} credential makes the call carry that header.
 */
@Component
public class WebhookTrigger implements NodeType {

    public static final Pattern PATH = Pattern.compile("^[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*$");
    public static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");
    public static final List<String> RESPONSE_MODES = List.of("onReceived", "lastNode", "responseNode");

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public int inputs() {
        return 0;
    }

    @Override
    public boolean trigger() {
        return true;
    }

    @Override
    public Set<String> credentialTypes() {
        return Set.of("httpHeaderAuth");
    }

    /** The path as registered: without surrounding slashes. */
    public static String path(NodeDefinition node) {
        Object path = node.parameter("path");
        return path instanceof String text ? text.replaceAll("^/+|/+$", "") : null;
    }

    public static String method(NodeDefinition node) {
        String method = node.text("httpMethod", node.text("method", "POST"));
        return method.toUpperCase(java.util.Locale.ROOT);
    }

    public static String responseMode(NodeDefinition node) {
        return node.text("responseMode", "onReceived");
    }

    public static boolean allEntries(NodeDefinition node) {
        return "allEntries".equals(node.text("responseData", "firstEntryJson"));
    }

    public static boolean headerAuth(NodeDefinition node) {
        return "headerAuth".equals(node.text("authentication", "none"));
    }

    @Override
    public void validate(NodeDefinition node, Checks checks) {
        String path = path(node);
        if (path == null || path.isEmpty()) {
            checks.error("path", "is required (the part after /webhook/)");
        } else if (!PATH.matcher(path).matches()) {
            checks.error("path", "may hold letters, digits and . _ ~ - in segments separated by /, got " + path);
        } else if (path.length() > 200) {
            checks.error("path", "must be at most 200 characters");
        }
        if (!METHODS.contains(method(node))) {
            checks.error(node.parameter("httpMethod") != null ? "httpMethod" : "method",
                    "must be one of " + String.join(", ", METHODS));
        }
        checks.oneOf(node, "responseMode", RESPONSE_MODES);
        checks.oneOf(node, "responseData", List.of("firstEntryJson", "allEntries"));
        checks.oneOf(node, "authentication", List.of("none", "headerAuth"));
        if (headerAuth(node) && !node.credentials().containsKey("httpHeaderAuth")) {
            checks.error("credentials.httpHeaderAuth", "is required when authentication is headerAuth");
        }
    }

    @Override
    public List<List<Map<String, Object>>> run(NodeCall call) {
        return List.of(call.inputs().get(0));
    }
}
