package io.pumpflix.engine.definition;

import java.util.Arrays;
import java.util.Optional;

/** What a node's failure does to the run, as n8n's {@code onError}. */
public enum OnError {
    /** The run ends with an error (the default). */
    STOP_WORKFLOW("stopWorkflow"),
    /** The node emits one item per input item holding the error, on its regular output; the run goes on. */
    CONTINUE_REGULAR_OUTPUT("continueRegularOutput"),
    /** The node emits those items on an extra, last output (the error output); the run goes on. */
    CONTINUE_ERROR_OUTPUT("continueErrorOutput");

    private final String json;

    OnError(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    public static Optional<OnError> parse(String value) {
        return Arrays.stream(values()).filter(v -> v.json.equals(value)).findFirst();
    }
}
