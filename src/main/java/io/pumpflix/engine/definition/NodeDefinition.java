package io.pumpflix.engine.definition;

import java.util.Map;
import java.util.UUID;

/**
 * One node of a definition, as n8n writes it.
 *
 * @param type the node type without n8n's {@code n8n-nodes-base.} prefix
 * @param parameters the parameters as plain JSON values (maps, lists, strings, numbers, booleans)
 * @param credentials credential type to credential id
 * @param maxTries attempts in all when {@code retryOnFail} (2 to 5, default 3)
 * @param waitBetweenTries milliseconds between attempts (0 to 5,000, default 1,000)
 */
public record NodeDefinition(String name, String type, Map<String, Object> parameters, Map<String, UUID> credentials,
        boolean retryOnFail, int maxTries, long waitBetweenTries, OnError onError, boolean disabled) {

    public Object parameter(String key) {
        return parameters.get(key);
    }

    public String text(String key, String fallback) {
        Object value = parameters.get(key);
        return value instanceof String text ? text : fallback;
    }

    /** A parameter value that is a UUID written as text (spaces around allowed), or null. */
    public static UUID uuid(Object value) {
        if (value instanceof String text) {
            try {
                return UUID.fromString(text.trim());
            } catch (IllegalArgumentException notAUuid) {
                return null;
            }
        }
        return null;
    }

    public int attempts() {
        return retryOnFail ? maxTries : 1;
    }
}
