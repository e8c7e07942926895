package io.pumpflix.engine;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** A queued run: its execution, and its outcome once it ends (on whichever instance runs it). */
public record RunTicket(UUID executionId, CompletableFuture<RunOutcome> outcome) {
}
