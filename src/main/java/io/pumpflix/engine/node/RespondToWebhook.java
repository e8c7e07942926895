package io.pumpflix.engine.node;

import io.pumpflix.engine.definition.Checks;
import io.pumpflix.engine.definition.NodeDefinition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Sets the webhook's answer for {@code responseMode: responseNode}: {@code statusCode} (200),
 * {@code body} (the first input item when absent), {@code headers}. Passes its items through.
 */
@Component
class RespondToWebhook implements NodeType {

    @Override
    public String name() {
        return "respondToWebhook";
    }

    @Override
    public void validate(NodeDefinition node, Checks checks) {
        Object status = node.parameter("statusCode");
        if (status != null && !(status instanceof Integer code && code >= 100 && code <= 599)
                && !(status instanceof String text && text.startsWith("="))) {
            checks.error("statusCode", "must be an HTTP status (100 to 599) or an expression");
        }
        checks.expression(status, "statusCode");
        checks.expression(node.parameter("body"), "body");
        checks.objectOrExpression(node, "headers");
    }

    @Override
    public List<List<Map<String, Object>>> run(NodeCall call) {
        List<Map<String, Object>> items = call.inputs().get(0);
        Map<String, Object> first = items.isEmpty() ? Item.empty() : items.get(0);
        Object status = call.parameter("statusCode", first);
        int code = status == null ? 200 : status instanceof Number n ? n.intValue() : parseStatus(status);
        if (code < 100 || code > 599) {
            throw new NodeFailure("statusCode", "statusCode: must be an HTTP status (100 to 599), got " + status, false);
        }
        Object body = call.node().parameter("body") == null ? first : call.parameter("body", first);
        Map<String, String> headers = new LinkedHashMap<>();
        if (call.parameter("headers", first) instanceof Map<?, ?> map) {
            map.forEach((name, value) -> headers.put(String.valueOf(name), String.valueOf(value)));
        }
        call.respond(code, body, headers);
        return List.of(items);
    }

    private static int parseStatus(Object status) {
        try {
            return Integer.parseInt(String.valueOf(status).strip());
        } catch (NumberFormatException e) {
            throw new NodeFailure("statusCode", "statusCode: must be an HTTP status (100 to 599), got " + status, false);
        }
    }
}
