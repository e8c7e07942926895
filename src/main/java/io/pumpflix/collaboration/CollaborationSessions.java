package io.pumpflix.collaboration;

import io.pumpflix.identity.AccessPolicy;
import io.pumpflix.identity.Action;
import io.pumpflix.identity.Actor;
import io.pumpflix.platform.NotFound;
import io.pumpflix.platform.Routines;
import io.pumpflix.platform.Rows;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * The collaboration module's door: WebSocket sessions on a workflow, through
 * {@code start_websocket_session} and {@code end_websocket_session}.
 */
@Service
public class CollaborationSessions {

    private final Routines routines;

    CollaborationSessions(Routines routines) {
        this.routines = routines;
    }

    /** Starts the actor's session, or returns the active one of the same user, workflow and connection. */
    public UUID start(Actor actor, UUID workflowId, String connectionId) {
        AccessPolicy.require(actor, Action.READ);
        return routines.callForId("CALL public.start_websocket_session(?, ?, ?, NULL)", actor.userId(), workflowId,
                connectionId);
    }

    /** Ends a session; ending an ended session changes nothing. */
    public void end(Actor actor, UUID sessionId) {
        AccessPolicy.require(actor, Action.READ);
        routines.call("CALL public.end_websocket_session(?)", sessionId);
    }

    /** Who is on a workflow now, on every instance: user and session ids of the active sessions. */
    public List<Map<String, Object>> activeOn(Actor actor, UUID workflowId) {
        AccessPolicy.require(actor, Action.READ);
        return routines.list("""
                SELECT user_id, id FROM public.websocket_sessions WHERE workflow_id = ? AND is_active
                ORDER BY joined_at, id LIMIT 500""",
                (rs, n) -> Map.<String, Object>of("userId", Rows.uuid(rs, "user_id"), "sessionId", Rows.uuid(rs, "id")),
                workflowId);
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
}
