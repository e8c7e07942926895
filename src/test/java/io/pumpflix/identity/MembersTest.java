package io.pumpflix.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pumpflix.DatabaseTest;
import io.pumpflix.platform.ConflictException;
import io.pumpflix.platform.NotAllowedException;
import io.pumpflix.platform.NotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class MembersTest extends DatabaseTest {


    @Autowired
    Accounts accounts;

    @Autowired
    Members service;

    Actor owner;

    @BeforeEach
    void organization() {
        owner = accounts.signUp("Acme", UUID.randomUUID() + "@example.test", PASSWORD);
    }

    private Actor invite(Role role) {
        UUID id = service.invite(owner, UUID.randomUUID() + "@example.test", role, PASSWORD);
        return new Actor(id, owner.organizationId(), role);
    }

    private Role roleOf(UUID userId) {
        return Role.fromDb(jdbc.sql("SELECT role FROM users WHERE id = ?").param(userId).query(String.class).single());
    }

    @Test
    void anAdminManagesUsersButNeverTheOwnerRole() {
        Actor admin = invite(Role.ADMIN);
        Actor user = invite(Role.USER);

        service.changeRole(admin, user.userId(), Role.VIEWER);
        assertThat(roleOf(user.userId())).isEqualTo(Role.VIEWER);
        assertThatThrownBy(() -> service.changeRole(admin, user.userId(), Role.OWNER))
                .isInstanceOf(NotAllowedException.class);
        assertThatThrownBy(() -> service.changeRole(admin, owner.userId(), Role.ADMIN))
                .isInstanceOf(NotAllowedException.class);
        assertThatThrownBy(() -> service.invite(admin, UUID.randomUUID() + "@example.test", Role.OWNER, PASSWORD))
                .isInstanceOf(NotAllowedException.class);
        assertThatThrownBy(() -> service.changeRole(user, admin.userId(), Role.VIEWER))
                .isInstanceOf(NotAllowedException.class);
        assertThat(roleOf(owner.userId())).isEqualTo(Role.OWNER);
        assertThat(jdbc.sql("SELECT details::text FROM audit_log WHERE action = 'member.role_changed' AND target_id = ?")
                .param(user.userId()).query(String.class).list())
                .containsExactly("{\"to\": \"viewer\", \"from\": \"user\"}");
    }

    @Test
    void theLastOwnerKeepsTheOwnerRole() {
        assertThatThrownBy(() -> service.changeRole(owner, owner.userId(), Role.ADMIN))
                .isInstanceOf(ConflictException.class).hasMessageContaining("last owner");
        Actor second = invite(Role.OWNER);
        service.changeRole(second, owner.userId(), Role.ADMIN);
        assertThat(roleOf(owner.userId())).isEqualTo(Role.ADMIN);
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM users WHERE id = ?").param(second.userId()).update())
                .hasMessageContaining("last owner");
    }

    @Test
    void twoOwnersDemotingEachOtherAtOnceLeaveOneOwner() throws Exception {
        for (int round = 0; round < 5; round++) {
            Actor first = accounts.signUp("Race", UUID.randomUUID() + "@example.test", PASSWORD);
            UUID secondId = service.invite(first, UUID.randomUUID() + "@example.test", Role.OWNER, PASSWORD);
            Actor second = new Actor(secondId, first.organizationId(), Role.OWNER);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            CountDownLatch start = new CountDownLatch(2);
            List<Future<Boolean>> outcomes = new ArrayList<>();
            try {
                for (Actor[] pair : new Actor[][] {{first, second}, {second, first}}) {
                    outcomes.add(pool.submit(() -> {
                        start.countDown();
                        start.await();
                        try {
                            service.changeRole(pair[0], pair[1].userId(), Role.ADMIN);
                            return true;
                        } catch (ConflictException refused) {
                            return false;
                        }
                    }));
                }
                assertThat(List.of(outcomes.get(0).get(), outcomes.get(1).get())).containsExactlyInAnyOrder(true, false);
            } finally {
                pool.shutdownNow();
            }
            assertThat(jdbc.sql("SELECT count(*) FROM users WHERE organization_id = ? AND role = 'owner'")
                    .param(first.organizationId()).query(Long.class).single()).isEqualTo(1);
        }
    }

    @Test
    void anotherOrganizationsMemberIsNotFound() {
        Actor stranger = accounts.signUp("Rival", UUID.randomUUID() + "@example.test", PASSWORD);
        assertThatThrownBy(() -> service.changeRole(owner, stranger.userId(), Role.VIEWER))
                .isInstanceOf(NotFoundException.class);
        assertThat(roleOf(stranger.userId())).isEqualTo(Role.OWNER);
    }
}
