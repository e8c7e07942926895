package io.pumpflix.execution;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;

/**
 * What one node did in one execution: its status, the items of each of its outputs (a JSON array
 * of arrays), its error ({@code {message, parameter}}), and when.
 *
 * @param position the order in which the node finished in its run
 * @param response the webhook answer a respondToWebhook node set (JSON), or null
 */
public record NodeResult(String node, int position, String status,
        @JsonRawValue @JsonProperty("outputs") String items, @JsonRawValue String error,
        @JsonIgnore String response, Instant startedAt, Instant finishedAt) {

    @JsonProperty("ms")
    public long milliseconds() {
        return java.time.Duration.between(startedAt, finishedAt).toMillis();
    }
}
