package io.pumpflix.engine;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * A webhook call turned into a queued run: how its caller is to be answered.
 *
 * @param responseMode {@code onReceived} (202 now), {@code lastNode} or {@code responseNode} (when the run ends)
 * @param allEntries answer with all of the last node's items, not the first one
 * @param outcome the run's end, for the two modes that wait (null for {@code onReceived})
 */
public record WebhookReception(UUID executionId, String responseMode, boolean allEntries,
        CompletableFuture<RunOutcome> outcome) {
}
