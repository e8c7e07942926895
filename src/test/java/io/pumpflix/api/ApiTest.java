package io.pumpflix.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpflix.DatabaseTest;
import io.pumpflix.identity.Role;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Base of the end-to-end tests: real HTTP against the service on its random port. */
public abstract class ApiTest extends DatabaseTest {

    protected static final String PASSWORD = "correct horse battery staple";

    @LocalServerPort
    protected int port;

    protected ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    public record Org(UUID organizationId, UUID ownerId, String ownerToken) {
    }

    protected Org signUp() {
        ApiClient.Response response = api.post("/api/v1/auth/sign-up", null, Map.of("organizationName", "Org",
                "email", "owner-" + UUID.randomUUID() + "@example.test", "password", PASSWORD));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return new Org(UUID.fromString(response.text("organizationId")), UUID.fromString(response.text("userId")),
                response.text("token"));
    }

    public record Member(UUID userId, String token) {
    }

    /** Adds a member with the role through the API and signs them in; returns their token. */
    protected String member(Org org, Role role) {
        return signedInMember(org, role).token();
    }

    protected Member signedInMember(Org org, Role role) {
        String email = role.dbValue() + "-" + UUID.randomUUID() + "@example.test";
        ApiClient.Response invited = api.post("/api/v1/members", org.ownerToken(),
                Map.of("email", email, "role", role.dbValue(), "password", PASSWORD));
        assertThat(invited.status()).as(invited.body()).isEqualTo(201);
        ApiClient.Response signedIn = api.post("/api/v1/auth/sign-in", null, Map.of("email", email, "password", PASSWORD));
        assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(200);
        return new Member(UUID.fromString(signedIn.text("userId")), signedIn.text("token"));
    }

    protected UUID createWorkflow(String token, String name) {
        ApiClient.Response created = api.post("/api/v1/workflows", token,
                Map.of("name", name, "definition", Map.of("nodes", java.util.List.of())));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return UUID.fromString(created.text("id"));
    }
}
