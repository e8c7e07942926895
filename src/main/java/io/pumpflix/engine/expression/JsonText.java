package io.pumpflix.engine.expression;

import tools.jackson.databind.json.JsonMapper;

/** Plain JSON values as compact JSON text. */
public final class JsonText {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private JsonText() {
    }

    public static String of(Object value) {
        return JSON.writeValueAsString(value);
    }
}
