package io.pumpflix.collaboration;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpflix.DatabaseTest;
import io.pumpflix.identity.Role;
import io.pumpflix.platform.Rows;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CollaborationRoutinesTest extends DatabaseTest {

    private static final String START = "CALL start_websocket_session(?, ?, ?, NULL)";
    private static final String END = "CALL end_websocket_session(?)";



    UUID org;
    UUID user;
    UUID workflow;

    @BeforeEach
    void workflowWithMember() {
        org = newOrganization();
        user = newMember(org, Role.VIEWER);
        workflow = routines.createWorkflow(org, newMember(org, Role.USER), "n", null, "{}");
    }

    private String connection() {
        return "conn-" + UUID.randomUUID();
    }

    @Test
    void startsAnActiveSessionAndEndsIt() {
        String connection = connection();
        UUID id = callForId(START, user, workflow, connection);

        CollaborationSession started = find(id).orElseThrow();
        assertThat(started.userId()).isEqualTo(user);
        assertThat(started.workflowId()).isEqualTo(workflow);
        assertThat(started.connectionId()).isEqualTo(connection);
        assertThat(started.active()).isTrue();
        assertThat(started.joinedAt()).isNotNull();
        assertThat(started.endedAt()).isNull();

        jdbc.sql(END).param(id).update();
        CollaborationSession ended = find(id).orElseThrow();
        assertThat(ended.active()).isFalse();
        assertThat(ended.endedAt()).isNotNull();

        jdbc.sql(END).param(id).update();
        assertThat(find(id).orElseThrow()).isEqualTo(ended);
    }

    @Test
    void aReconnectReturnsTheActiveSessionAndAnEndedOneFreesTheConnectionId() {
        String connection = connection();
        UUID first = routines.startSession(user, workflow, connection);

        assertThat(routines.startSession(user, workflow, connection)).isEqualTo(first);
        routines.endSession(first);
        UUID second = routines.startSession(user, workflow, connection);
        assertThat(second).isNotEqualTo(first);
        assertThat(find(second).orElseThrow().active()).isTrue();
    }

    @Test
    void aConnectionIdHeldByAnotherUserOrWorkflowIsAConflict() {
        String connection = connection();
        routines.startSession(user, workflow, connection);
        UUID colleague = newMember(org, Role.USER);
        UUID otherWorkflow = routines.createWorkflow(org, colleague, "m", null, "{}");

        assertRefused("23505", "p_connection_id", () -> callForId(START, colleague, workflow, connection));
        assertRefused("23505", "p_connection_id", () -> callForId(START, user, otherWorkflow, connection));
    }

    @Test
    void refusesEachInvalidInputAndLeavesNothingBehind() {
        UUID stranger = newMember(newOrganization(), Role.OWNER);
        assertRefused("P0002", "p_user_id", () -> callForId(START, UUID.randomUUID(), workflow, connection()));
        assertRefused("P0002", "p_workflow_id", () -> callForId(START, user, UUID.randomUUID(), connection()));
        assertRefused("42501", "p_user_id", () -> callForId(START, stranger, workflow, connection()));
        assertRefused("22023", "p_connection_id", () -> callForId(START, user, workflow, "  "));
        assertRefused("22023", "p_connection_id", () -> callForId(START, user, workflow, null));
        assertRefused("P0002", "p_session_id", () -> jdbc.sql(END).param(UUID.randomUUID()).update());
        assertRefused("22023", "p_session_id", () -> jdbc.sql(END).param((Object) null).update());
    }

    @Test
    void concurrentStartsOfOneConnectionLeaveExactlyOneActiveSession() throws Exception {
        String connection = connection();
        int callers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch ready = new CountDownLatch(callers);
        List<Future<UUID>> results = new ArrayList<>();
        try {
            for (int i = 0; i < callers; i++) {
                Callable<UUID> start = () -> {
                    ready.countDown();
                    ready.await();
                    return routines.startSession(user, workflow, connection);
                };
                results.add(pool.submit(start));
            }
            List<UUID> ids = new ArrayList<>();
            for (Future<UUID> result : results) {
                ids.add(result.get());
            }
            assertThat(ids).containsOnly(ids.get(0));
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.sql("SELECT count(*) FROM websocket_sessions WHERE connection_id = ?").param(connection)
                .query(Long.class).single()).isEqualTo(1);
    }

    private Optional<CollaborationSession> find(UUID id) {
        return jdbc.sql("""
                SELECT id, user_id, workflow_id, connection_id, joined_at, is_active, ended_at
                FROM websocket_sessions WHERE id = ?""").param(id)
                .query((rs, n) -> new CollaborationSession(Rows.uuid(rs, "id"), Rows.uuid(rs, "user_id"),
                        Rows.uuid(rs, "workflow_id"), rs.getString("connection_id"), Rows.instant(rs, "joined_at"),
                        rs.getBoolean("is_active"), Rows.instant(rs, "ended_at"))).optional();
    }
}
