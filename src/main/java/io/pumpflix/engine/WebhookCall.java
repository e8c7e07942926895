package io.pumpflix.engine;

import java.util.List;
import java.util.Map;

/**
 * A request to {@code /webhook/{path}}, as received: method, path (without {@code /webhook/}),
 * headers (lowercase names), query parameters, body and its content type.
 */
public record WebhookCall(String method, String path, Map<String, List<String>> headers,
        Map<String, List<String>> query, byte[] body, String contentType) {
}
