package io.pumpflix.collaboration;

import io.pumpflix.identity.AccessPolicy;
import io.pumpflix.identity.Action;
import io.pumpflix.identity.Actor;
import io.pumpflix.platform.NotAllowedException;
import io.pumpflix.platform.NotFound;
import io.pumpflix.platform.Routines;
import io.pumpflix.platform.Rows;
import io.pumpflix.platform.TenantBatches;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * The collaboration module's door: WebSocket sessions on a workflow, through
 * {@code start_websocket_session} and {@code end_websocket_session}, many at once for the live
 * channel ({@link #startAll}, {@link #endAll}), each item in its own organization's tenant on live
 * collaboration's own connections.
 */
@Service
public class CollaborationSessions {

    private final Routines routines;
    private final TenantBatches batches;
    private final JsonMapper json;

    CollaborationSessions(Routines routines, TenantBatches batches, JsonMapper json) {
        this.routines = routines;
        this.batches = batches;
        this.json = json;
    }

    public CollaborationSession find(Actor actor, UUID id) {
        AccessPolicy.require(actor, Action.READ);
        return routines.optional("""
                SELECT id, user_id, workflow_id, connection_id, joined_at, is_active, ended_at
                FROM public.websocket_sessions WHERE id = ?""",
                (rs, n) -> new CollaborationSession(Rows.uuid(rs, "id"), Rows.uuid(rs, "user_id"),
                        Rows.uuid(rs, "workflow_id"), rs.getString("connection_id"), Rows.instant(rs, "joined_at"),
                        rs.getBoolean("is_active"), Rows.instant(rs, "ended_at")),
                id).orElseThrow(() -> NotFound.of("session", id));
    }

    /** A member's socket joining a workflow. */
    public record Joining(Actor actor, UUID workflowId, String connectionId) {
    }

    /** A join's answer: its session, or why it was refused (a {@code RoutineException} or a policy refusal). */
    public record Joined(UUID sessionId, RuntimeException refusal) {
    }

    /** A member on a workflow. */
    public record Present(UUID userId, UUID sessionId) {
    }

    /** The first sessions on a workflow by arrival, and how many there are in all. */
    public record Presence(List<Present> first, long total) {
    }

    /** The answers of {@link #startAll}, in the order of the joins, and who is on their workflows. */
    public record JoinBatch(List<Joined> joined, Map<UUID, Presence> presence) {
    }

    /**
     * Starts many sessions in one transaction, each as its actor would alone (same rules and
     * errors as {@link #start}); a refused join does not undo the others. Then reads, in the same
     * transaction, who is on each workflow that someone joined (at most {@code presenceLimit}).
     */
    public JoinBatch startAll(List<Joining> joins, int presenceLimit) {
        Joined[] answers = new Joined[joins.size()];
        ArrayNode requests = json.createArrayNode();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < joins.size(); i++) {
            Joining join = joins.get(i);
            // each item's tenant is set by the batch routine, not by a scope of the caller's
            if (!AccessPolicy.allows(join.actor(), Action.READ)) {
                answers[i] = new Joined(null, new NotAllowedException(join.actor().describe() + " may not read"));
                continue;
            }
            requests.addObject().put("org", join.actor().organizationId().toString())
                    .put("user", join.actor().userId().toString())
                    .put("workflow", join.workflowId().toString())
                    .put("connection", join.connectionId());
            positions.add(i);
        }
        if (requests.isEmpty()) {
            return new JoinBatch(Arrays.asList(answers), Map.of());
        }
        Map<UUID, Presence> presence = batches.transaction(jdbc -> {
            jdbc.sql("SELECT item, started_session, error_code, error_message FROM pumpflix.start_websocket_sessions(?::jsonb)")
                    .param(requests.toString())
                    .query((rs, n) -> {
                        int position = positions.get(rs.getInt("item"));
                        String code = rs.getString("error_code");
                        answers[position] = code == null ? new Joined(Rows.uuid(rs, "started_session"), null)
                                : new Joined(null, refusal(code, rs.getString("error_message")));
                        return position;
                    }).list();
            ArrayNode workflows = json.createArrayNode();
            for (int i = 0; i < answers.length; i++) {
                if (answers[i] != null && answers[i].sessionId() != null) {
                    workflows.addObject().put("org", joins.get(i).actor().organizationId().toString())
                            .put("workflow", joins.get(i).workflowId().toString());
                }
            }
            Map<UUID, List<Present>> first = new LinkedHashMap<>();
            Map<UUID, Long> totals = new HashMap<>();
            if (!workflows.isEmpty()) {
                jdbc.sql("SELECT workflow_id, user_id, session_id, total FROM pumpflix.websocket_presence(?::jsonb, ?)")
                        .params(workflows.toString(), presenceLimit)
                        .query((rs, n) -> {
                            UUID workflow = Rows.uuid(rs, "workflow_id");
                            first.computeIfAbsent(workflow, w -> new ArrayList<>())
                                    .add(new Present(Rows.uuid(rs, "user_id"), Rows.uuid(rs, "session_id")));
                            totals.put(workflow, rs.getLong("total"));
                            return workflow;
                        }).list();
            }
            Map<UUID, Presence> result = new HashMap<>();
            first.forEach((workflow, present) -> result.put(workflow, new Presence(present, totals.get(workflow))));
            return result;
        });
        return new JoinBatch(Arrays.asList(answers), presence);
    }

    /** A member's session ending. */
    public record Leaving(Actor actor, UUID sessionId) {
    }

    /**
     * Ends many sessions in one transaction, each as {@link #end} would; returns the refusals by
     * position (empty when all ended). Ending an ended session changes nothing.
     */
    public Map<Integer, RuntimeException> endAll(List<Leaving> leaves) {
        ArrayNode requests = json.createArrayNode();
        List<Integer> positions = new ArrayList<>();
        Map<Integer, RuntimeException> refused = new HashMap<>();
        for (int i = 0; i < leaves.size(); i++) {
            Leaving leave = leaves.get(i);
            if (!AccessPolicy.allows(leave.actor(), Action.READ)) {
                refused.put(i, new NotAllowedException(leave.actor().describe() + " may not read"));
                continue;
            }
            requests.addObject().put("org", leave.actor().organizationId().toString())
                    .put("session", leave.sessionId().toString());
            positions.add(i);
        }
        if (requests.isEmpty()) {
            return refused;
        }
        batches.transaction(jdbc -> jdbc.sql(
                        "SELECT item, error_code, error_message FROM pumpflix.end_websocket_sessions(?::jsonb)")
                .param(requests.toString())
                .query((rs, n) -> {
                    String code = rs.getString("error_code");
                    if (code != null) {
                        refused.put(positions.get(rs.getInt("item")), refusal(code, rs.getString("error_message")));
                    }
                    return n;
                }).list());
        return refused;
    }

    private static RuntimeException refusal(String code, String message) {
        RuntimeException typed = Routines.refusal(code, message);
        return typed != null ? typed : new IllegalStateException(code + ": " + message);
    }
}
