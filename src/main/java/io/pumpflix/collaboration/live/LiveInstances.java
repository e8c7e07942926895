package io.pumpflix.collaboration.live;

import io.pumpflix.platform.OwnerDatabase;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.RowMapper;

/**
 * Instances that hold live sockets heartbeat in {@code pumpflix.live_instances}. Each heartbeat
 * also ends the sessions of every instance that stopped heartbeating for longer than the timeout
 * (killed, frozen, cut off from the database), in one statement with the deletion of its row,
 * so no presence list shows their sockets for longer than that. An instance that finds its own
 * row gone was taken for dead: its sessions were ended, so it closes its sockets (1012, service
 * restart) and its clients join again.
 */
final class LiveInstances {

    private static final Logger log = LoggerFactory.getLogger(LiveInstances.class);

    private final OwnerDatabase owner;
    private final String instanceId;
    private final Duration timeout;
    private boolean beating;

    /** A session ended for its instance, for the presence of those who watch its workflow. */
    record Ended(UUID workflowId, UUID userId, UUID sessionId) {
    }

    /** One heartbeat: whether this instance was still taken for alive, and whose sessions were ended. */
    record Beat(boolean alive, List<Ended> ended) {
    }

    private static final RowMapper<Ended> ENDED = (rs, n) -> new Ended(rs.getObject("workflow_id", UUID.class),
            rs.getObject("user_id", UUID.class), rs.getObject("session_id", UUID.class));

    LiveInstances(OwnerDatabase owner, String instanceId, Duration timeout) {
        this.owner = owner;
        this.instanceId = instanceId;
        this.timeout = timeout;
    }

    /**
     * Ends the sessions a crash of this instance left active (its id is stable across restarts),
     * and registers it.
     */
    List<Ended> register() {
        List<Ended> ended = owner.transaction(() -> {
            List<Ended> leftovers = owner.jdbc().sql(
                    "SELECT workflow_id, user_id, session_id FROM pumpflix.end_instance_sessions(?)")
                    .param(instanceId).query(ENDED).list();
            owner.jdbc().sql("""
                    INSERT INTO pumpflix.live_instances (instance_id) VALUES (?)
                    ON CONFLICT (instance_id) DO UPDATE SET started_at = now(), heartbeat_at = now()""")
                    .param(instanceId).update();
            return leftovers;
        });
        beating = true;
        return ended;
    }

    /**
     * One heartbeat, and the sweep of dead instances; returns false when this instance had been
     * taken for dead (its row was gone).
     */
    synchronized Beat beat() {
        boolean alive = owner.jdbc().sql("""
                INSERT INTO pumpflix.live_instances (instance_id) VALUES (?)
                ON CONFLICT (instance_id) DO UPDATE SET heartbeat_at = now()
                RETURNING xmax <> 0""").param(instanceId).query(Boolean.class).single();
        List<Ended> ended = owner.jdbc().sql("""
                WITH dead AS (
                    DELETE FROM pumpflix.live_instances
                    WHERE heartbeat_at < now() - make_interval(secs => ?) AND instance_id <> ?
                    RETURNING instance_id)
                SELECT e.workflow_id, e.user_id, e.session_id
                FROM dead, LATERAL pumpflix.end_instance_sessions(dead.instance_id) e""")
                .params(timeout.toMillis() / 1000.0, instanceId).query(ENDED).list();
        if (!ended.isEmpty()) {
            log.info("Ended {} WebSocket session(s) of instances that stopped heartbeating", ended.size());
        }
        boolean wasBeating = beating;
        beating = true;
        return new Beat(alive || !wasBeating, ended);
    }

    /** On a clean stop, after this instance's sessions ended. */
    void deregister() {
        beating = false;
        owner.jdbc().sql("DELETE FROM pumpflix.live_instances WHERE instance_id = ?").param(instanceId).update();
    }
}
