package io.pumpflix.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.zaxxer.hikari.HikariDataSource;
import io.pumpflix.PumpflixApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

class LiveCollaborationTest extends ApiTest {

    @Autowired
    @Qualifier("ownerDataSource")
    HikariDataSource ownerDataSource;

    private boolean sessionActive(UUID sessionId) {
        return jdbc.sql("SELECT is_active FROM websocket_sessions WHERE id = ?").param(sessionId)
                .query(Boolean.class).single();
    }

    @Test
    void presenceAndRelayedMessagesReachTheOthersOnTheWorkflow() throws Exception {
        Org org = signUp();
        UUID workflow = createWorkflow(org.ownerToken(), "shared");
        Member colleague = signedInMember(org, io.pumpflix.identity.Role.VIEWER);

        LiveClient ann = LiveClient.connect(port, workflow, org.ownerToken());
        UUID annSession = UUID.fromString(ann.next("welcome").path("sessionId").asString());
        assertThat(sessionActive(annSession)).isTrue();
        LiveClient bob = LiveClient.connect(port, workflow, colleague.token());
        JsonNode bobWelcome = bob.next("welcome");
        assertThat(bobWelcome.path("present").toString()).contains(annSession.toString());

        UUID bobSession = UUID.fromString(bobWelcome.path("sessionId").asString());
        JsonNode joined = ann.presence("joined", bobSession.toString());
        assertThat(joined.path("userId").asString()).isEqualTo(colleague.userId().toString());

        bob.send("{\"type\":\"cursor\",\"x\":10,\"y\":20}");
        JsonNode relay = ann.next("relay");
        assertThat(relay.path("data").path("x").asInt()).isEqualTo(10);
        assertThat(relay.path("userId").asString()).isEqualTo(colleague.userId().toString());

        bob.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        assertThat(ann.presence("left", bobSession.toString()).path("userId").asString())
                .isEqualTo(colleague.userId().toString());
        assertThat(sessionActive(bobSession)).isFalse();
        ann.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }

    @Test
    void messagesAreBoundedInSizeShapeAndRate() throws Exception {
        Org org = signUp();
        UUID workflow = createWorkflow(org.ownerToken(), "w");
        LiveClient client = LiveClient.connect(port, workflow, org.ownerToken());
        client.next("welcome");

        client.send("{\"type\":\"cursor\",\"pad\":\"" + "x".repeat(5000) + "\"}");
        assertThat(client.next("error").path("detail").asString()).contains("at most 4096 bytes");
        client.send("not json");
        assertThat(client.next("error").path("detail").asString()).contains("JSON object");
        client.send("[1,2]");
        assertThat(client.next("error").path("detail").asString()).contains("\"type\"");

        for (int i = 0; i < 40; i++) {
            client.socket.sendText("{\"type\":\"cursor\"}", true);
        }
        assertThat(client.closeCode()).isEqualTo(4429);
    }

    @Test
    void aMissedHeartbeatEndsTheSessionAndHeartbeatsKeepItAlive() throws Exception {
        Org org = signUp();
        UUID workflow = createWorkflow(org.ownerToken(), "w");
        LiveClient silent = LiveClient.connect(port, workflow, org.ownerToken());
        UUID silentSession = UUID.fromString(silent.next("welcome").path("sessionId").asString());
        LiveClient alive = LiveClient.connect(port, workflow, org.ownerToken());
        UUID aliveSession = UUID.fromString(alive.next("welcome").path("sessionId").asString());

        long until = System.nanoTime() + Duration.ofSeconds(6).toNanos();
        while (System.nanoTime() < until) {
            alive.send("{\"type\":\"heartbeat\"}");
            Thread.sleep(500);
        }

        assertThat(silent.closeCode()).isEqualTo(4408);
        assertThat(sessionActive(silentSession)).isFalse();
        assertThat(sessionActive(aliveSession)).isTrue();
        alive.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }

    @Test
    void anotherOrganizationsWorkflowOrNoTokenIsRefused() throws Exception {
        Org org = signUp();
        UUID workflow = createWorkflow(org.ownerToken(), "w");
        Org stranger = signUp();

        LiveClient intruder = LiveClient.connect(port, workflow, stranger.ownerToken());
        assertThat(intruder.closeCode()).isEqualTo(4404);
        assertThat(jdbc.sql("SELECT count(*) FROM websocket_sessions WHERE workflow_id = ?").param(workflow)
                .query(Long.class).single()).isZero();
        Throwable noToken = catchThrowable(() -> LiveClient.connect(port, workflow, "x".repeat(43)));
        assertThat(noToken).isInstanceOf(CompletionException.class);
    }

    @Test
    void twoInstancesOnOneDatabaseExchangePresenceAndARestartEndsOnlyItsOwnLeftovers() throws Exception {
        Org org = signUp();
        UUID workflow = createWorkflow(org.ownerToken(), "shared");
        String secondInstance = "second-" + UUID.randomUUID();
        UUID leftover = routines.startSession(org.ownerId(), workflow, secondInstance + ":crashed-socket");
        UUID othersLeftover = routines.startSession(org.ownerId(), workflow, "another-instance:socket");

        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(PumpflixApplication.class).run(onThisDatabase(ownerDataSource.getJdbcUrl(),
                "--server.port=0", "--pumpflix.instance-id=" + secondInstance,
                "--pumpflix.home=" + HOME.resolve("second"),
                "--pumpflix.encryption.key-file=" + HOME.resolve("keyring")))) {
            int secondPort = ((WebServerApplicationContext) second).getWebServer().getPort();
            assertThat(sessionActive(leftover)).as("ended by the restart of its instance").isFalse();
            assertThat(sessionActive(othersLeftover)).as("another instance's session is left alone").isTrue();

            LiveClient here = LiveClient.connect(port, workflow, org.ownerToken());
            here.next("welcome");
            LiveClient there = LiveClient.connect(secondPort, workflow, org.ownerToken());
            UUID thereSession = UUID.fromString(there.next("welcome").path("sessionId").asString());
            assertThat(jdbc.sql("SELECT connection_id FROM websocket_sessions WHERE id = ?").param(thereSession)
                    .query(String.class).single()).startsWith(secondInstance + ":");

            here.presence("joined", thereSession.toString());
            there.send("{\"type\":\"selection\",\"node\":\"n1\"}");
            assertThat(here.next("relay").path("data").path("node").asString()).isEqualTo("n1");
            here.send("{\"type\":\"cursor\",\"x\":1}");
            assertThat(there.next("relay").path("data").path("x").asInt()).isEqualTo(1);
            there.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
            here.presence("left", thereSession.toString());
            here.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        }
        routines.endSession(othersLeftover);
    }

    @Test
    void shutdownClosesSocketsAndEndsTheirSessions() throws Exception {
        Org org = signUp();
        UUID workflow = createWorkflow(org.ownerToken(), "w");
        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(PumpflixApplication.class).run(onThisDatabase(ownerDataSource.getJdbcUrl(),
                "--server.port=0", "--pumpflix.instance-id=stopping-" + UUID.randomUUID(),
                "--pumpflix.home=" + HOME.resolve("third"),
                "--pumpflix.encryption.key-file=" + HOME.resolve("keyring")))) {
            LiveClient client = LiveClient.connect(((WebServerApplicationContext) second).getWebServer().getPort(), workflow,
                    org.ownerToken());
            UUID session = UUID.fromString(client.next("welcome").path("sessionId").asString());
            second.close();
            assertThat(client.closeCode()).isEqualTo(1001);
            assertThat(sessionActive(session)).isFalse();
        }
    }
}
