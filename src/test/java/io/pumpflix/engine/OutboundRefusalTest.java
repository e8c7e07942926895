package io.pumpflix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpflix.LoopbackServer.Reply;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Workflows aimed at loopback, spelt every way, are refused before a connection is made: a trap
 * listens on the port they aim at and counts every connection, and must count none. (Private,
 * link-local and metadata addresses are judged in OutboundPolicyTest, where no packet is sent.)
 */
class OutboundRefusalTest extends EngineTest {

    private final AtomicInteger connections = new AtomicInteger();
    private final List<ServerSocket> traps = new ArrayList<>();
    private int trapPort;
    private String token;

    @BeforeEach
    void trap() throws IOException {
        ServerSocket v4 = new ServerSocket();
        v4.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        trapPort = v4.getLocalPort();
        traps.add(v4);
        try {
            ServerSocket v6 = new ServerSocket();
            v6.bind(new InetSocketAddress(InetAddress.getByName("::1"), trapPort));
            traps.add(v6);
        } catch (IOException noIpv6Loopback) {
            // [::1] is then refused by the rules all the same; nothing could listen there anyway
        }
        for (ServerSocket trap : traps) {
            Thread thread = new Thread(() -> {
                while (!trap.isClosed()) {
                    try (Socket accepted = trap.accept()) {
                        connections.incrementAndGet();
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "outbound-trap");
            thread.setDaemon(true);
            thread.start();
        }
        token = signUp().ownerToken();
    }

    @AfterEach
    void closeTrap() throws IOException {
        for (ServerSocket trap : traps) {
            trap.close();
        }
    }

    private JsonNode callTo(String url) {
        UUID workflow = workflow(token, chain(node("Start", "manualTrigger"), node("Call", "httpRequest", "url", url)));
        return runAndWait(token, workflow, null);
    }

    @Test
    void everyLoopbackSpellingIsRefusedWithoutAConnection() {
        for (String host : List.of("127.0.0.1", "localhost", "[::1]", "[::ffff:127.0.0.1]", "2130706433", "127.1.2.3",
                "0.0.0.0")) {
            JsonNode run = callTo("http://" + host + ":" + trapPort + "/steal");
            assertThat(run.path("status").asString()).as(host).isEqualTo("error");
            assertThat(run.path("error").path("message").asString()).as(host).contains("refused");
            assertThat(run.path("error").path("node").asString()).isEqualTo("Call");
        }
        assertThat(connections.get()).as("connections the trap accepted").isZero();
    }

    @Test
    void aRedirectToLoopbackIsRefusedToo() {
        String path = SERVER.freshPath();
        SERVER.on(path, request -> new Reply(302, Map.of("Location", "http://127.0.0.1:" + trapPort + "/admin"), "", 0));

        JsonNode run = callTo(SERVER.url(path));

        assertThat(run.path("status").asString()).isEqualTo("error");
        assertThat(run.path("error").path("message").asString()).contains("refused");
        assertThat(SERVER.received(path)).as("the allowed server was asked").hasSize(1);
        assertThat(connections.get()).isZero();
    }

    @Test
    void theOperatorsAllowListLetsTheTestServerThroughAndRedirectsWithinItAreFollowed() {
        String target = SERVER.freshPath();
        String hop = SERVER.freshPath();
        SERVER.on(target, request -> Reply.json("{\"arrived\": true}"));
        SERVER.on(hop, request -> new Reply(307, Map.of("Location", SERVER.url(target)), "", 0));

        JsonNode run = callTo(SERVER.url(hop));

        assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("success");
        assertThat(run.path("output").get(0).path("body").path("arrived").asBoolean()).isTrue();
    }
}
