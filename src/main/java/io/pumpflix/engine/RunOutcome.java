package io.pumpflix.engine;

import java.util.UUID;

/**
 * How a run ended, as whoever waits for it sees it: JSON texts, secrets already removed.
 *
 * @param status {@code success}, {@code error} or {@code cancelled}
 * @param output the last node's items (a JSON array), or null
 * @param error {@code {message, node, parameter}} for a failed run, or null
 * @param response the answer a respondToWebhook node set ({@code {statusCode, body, headers}}), or null
 */
public record RunOutcome(UUID executionId, String status, String output, String error, String response) {
}
