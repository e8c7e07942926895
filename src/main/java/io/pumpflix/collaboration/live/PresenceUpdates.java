package io.pumpflix.collaboration.live;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Joins and leaves on this instance, coalesced per workflow: everything that happened on a
 * workflow within one window (the flush interval) goes out as one {@code presence} message with
 * who joined and who left, so N people arriving cost O(N) messages instead of one to everyone per
 * arrival. A message names at most {@link #PER_MESSAGE} sessions, which keeps it inside one
 * notification.
 */
final class PresenceUpdates {

    static final int PER_MESSAGE = 40;

    private record Change(UUID userId, UUID sessionId, boolean joined) {
    }

    private final JsonMapper json;
    private final Consumer<String> publish;
    private Map<UUID, List<Change>> pending = new HashMap<>();

    PresenceUpdates(JsonMapper json, Consumer<String> publish) {
        this.json = json;
        this.publish = publish;
    }

    synchronized void joined(UUID workflowId, UUID userId, UUID sessionId) {
        pending.computeIfAbsent(workflowId, w -> new ArrayList<>()).add(new Change(userId, sessionId, true));
    }

    synchronized void left(UUID workflowId, UUID userId, UUID sessionId) {
        pending.computeIfAbsent(workflowId, w -> new ArrayList<>()).add(new Change(userId, sessionId, false));
    }

    /** Publishes the window's changes: per workflow, one message per {@link #PER_MESSAGE} changes. */
    void flush() {
        Map<UUID, List<Change>> window;
        synchronized (this) {
            if (pending.isEmpty()) {
                return;
            }
            window = pending;
            pending = new HashMap<>();
        }
        window.forEach((workflowId, changes) -> {
            for (int from = 0; from < changes.size(); from += PER_MESSAGE) {
                ObjectNode message = json.createObjectNode().put("type", "presence").put("workflowId", workflowId.toString());
                ArrayNode joined = message.putArray("joined");
                ArrayNode left = message.putArray("left");
                for (Change change : changes.subList(from, Math.min(changes.size(), from + PER_MESSAGE))) {
                    (change.joined() ? joined : left).addObject().put("userId", change.userId().toString())
                            .put("sessionId", change.sessionId().toString());
                }
                publish.accept(message.toString());
            }
        });
    }
}
