package io.pumpflix.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpflix.PumpflixApplication;
import io.pumpflix.identity.Accounts;
import io.pumpflix.identity.Actor;
import io.pumpflix.identity.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The embedded service keeps its data in the home directory across a clean stop and a new start. */
class EmbeddedRestartTest {

    @TempDir
    Path home;

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(PumpflixApplication.class)
                .run("--pumpflix.home=" + home, "--server.port=0", "--pumpflix.embedded.durable=true");
    }

    @Test
    void aRestartOnTheSameHomeFindsEarlierData() {
        UUID id;
        try (ConfigurableApplicationContext first = start()) {
            id = first.getBean(Accounts.class).signUp("Survives restarts", "owner@restart.test",
                    "correct horse battery".toCharArray()).actor().organizationId();
        }
        assertThat(home.resolve("pgdata/PG_VERSION")).exists();
        assertThat(Files.exists(home.resolve("pgdata/postmaster.pid")))
                .as("PostgreSQL stopped cleanly with the service").isFalse();

        try (ConfigurableApplicationContext second = start()) {
            Accounts accounts = second.getBean(Accounts.class);
            Actor owner = accounts.signIn("owner@restart.test", "correct horse battery".toCharArray(), "192.0.2.1")
                    .actor();
            assertThat(owner.organizationId()).isEqualTo(id);
            assertThat(owner.role()).isEqualTo(Role.OWNER);
            assertThat(second.getBean(TenantScope.class).call(id, owner.userId(), () -> accounts.organization(owner))
                    .name()).isEqualTo("Survives restarts");
        }
    }
}
