package io.pumpflix.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpflix.PumpflixApplication;
import io.pumpflix.identity.Accounts;
import io.pumpflix.identity.Organizations;
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
                    "correct horse battery".toCharArray()).organizationId();
        }
        assertThat(home.resolve("pgdata/PG_VERSION")).exists();
        assertThat(Files.exists(home.resolve("pgdata/postmaster.pid")))
                .as("PostgreSQL stopped cleanly with the service").isFalse();

        try (ConfigurableApplicationContext second = start()) {
            Organizations organizations = second.getBean(Organizations.class);
            assertThat(second.getBean(TenantScope.class).call(id, null, () -> organizations.find(id)))
                    .hasValueSatisfying(org -> assertThat(org.name()).isEqualTo("Survives restarts"));
            assertThat(second.getBean(Accounts.class).signIn("owner@restart.test",
                    "correct horse battery".toCharArray()).organizationId()).isEqualTo(id);
        }
    }
}
