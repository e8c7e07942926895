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

    Actor owner;

    @BeforeEach
    void organization() {
        owner = signedUpOwner();
    }

    private Actor invite(Role role) {
        return invited(owner, role);
    }

    private Role roleOf(UUID userId) {
        return Role.fromDb(jdbc.sql("SELECT role FROM users WHERE id = ?").param(userId).query(String.class).single());
    }

    @Test
    void anAdminManagesUsersButNeverTheOwnerRole() {
        Actor admin = invite(Role.ADMIN);
        Actor user = invite(Role.USER);

        as(admin, () -> accounts.changeRole(admin, user.userId(), Role.VIEWER));
        assertThat(roleOf(user.userId())).isEqualTo(Role.VIEWER);
        assertThatThrownBy(() -> as(admin, () -> accounts.changeRole(admin, user.userId(), Role.OWNER)))
                .isInstanceOf(NotAllowedException.class);
        assertThatThrownBy(() -> as(admin, () -> accounts.changeRole(admin, owner.userId(), Role.ADMIN)))
                .isInstanceOf(NotAllowedException.class);
        assertThatThrownBy(() -> as(admin, () -> accounts.invite(admin, UUID.randomUUID() + "@example.test", Role.OWNER, PASSWORD)))
                .isInstanceOf(NotAllowedException.class);
        assertThatThrownBy(() -> as(user, () -> accounts.changeRole(user, admin.userId(), Role.VIEWER)))
                .isInstanceOf(NotAllowedException.class);
        assertThat(roleOf(owner.userId())).isEqualTo(Role.OWNER);
        assertThat(jdbc.sql("SELECT details::text FROM audit_log WHERE action = 'member.role_changed' AND target_id = ?")
                .param(user.userId()).query(String.class).list())
                .containsExactly("{\"to\": \"viewer\", \"from\": \"user\"}");
    }

    @Test
    void theLastOwnerKeepsTheOwnerRole() {
        assertThatThrownBy(() -> as(owner, () -> accounts.changeRole(owner, owner.userId(), Role.ADMIN)))
                .isInstanceOf(ConflictException.class).hasMessageContaining("last owner");
        Actor second = invite(Role.OWNER);
        as(second, () -> accounts.changeRole(second, owner.userId(), Role.ADMIN));
        assertThat(roleOf(owner.userId())).isEqualTo(Role.ADMIN);
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM users WHERE id = ?").param(second.userId()).update())
                .hasMessageContaining("last owner");
    }

    @Test
    void twoOwnersDemotingEachOtherAtOnceLeaveOneOwner() throws Exception {
        for (int round = 0; round < 5; round++) {
            Actor first = signedUpOwner();
            Actor second = invited(first, Role.OWNER);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            CountDownLatch start = new CountDownLatch(2);
            List<Future<Boolean>> outcomes = new ArrayList<>();
            try {
                for (Actor[] pair : new Actor[][] {{first, second}, {second, first}}) {
                    outcomes.add(pool.submit(() -> {
                        start.countDown();
                        start.await();
                        try {
                            as(pair[0], () -> accounts.changeRole(pair[0], pair[1].userId(), Role.ADMIN));
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
        Actor stranger = signedUpOwner();
        assertThatThrownBy(() -> as(owner, () -> accounts.changeRole(owner, stranger.userId(), Role.VIEWER)))
                .isInstanceOf(NotFoundException.class);
        assertThat(roleOf(stranger.userId())).isEqualTo(Role.OWNER);
    }
}
