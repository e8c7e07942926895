package io.pumpflix.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.pumpflix.reliability.ServiceProcess;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Live collaboration under load, over real sockets: many joins at once, a client that stops
 * reading, storms of joins and leaves, and an instance killed with its sockets open.
 */
class LiveAtScaleTest extends ApiTest {

    @Autowired
    @Qualifier("dataSource")
    HikariDataSource requestPool;

    @Autowired
    @Qualifier("ownerDataSource")
    HikariDataSource ownerDataSource;

    @Autowired
    MeterRegistry metrics;

    private long activeSessions(UUID workflow) {
        return jdbc.sql("SELECT count(*) FROM websocket_sessions WHERE workflow_id = ? AND is_active").param(workflow)
                .query(Long.class).single();
    }

    private Set<String> activeSessionIds(UUID workflow) {
        return new HashSet<>(jdbc.sql("SELECT id::text FROM websocket_sessions WHERE workflow_id = ? AND is_active")
                .param(workflow).query(String.class).list());
    }

    private static boolean eventually(Duration within, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }

    @Test
    void aThousandJoinsAtOnceAllSucceedWithTenRequestConnections() throws Exception {
        assertThat(requestPool.getMaximumPoolSize()).isEqualTo(10);
        Org org = signUp();
        UUID workflow = createWorkflow(org.ownerToken(), "crowded");
        Member viewer = signedInMember(org, io.pumpflix.identity.Role.VIEWER);
        List<CrowdClient> clients = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.ScheduledExecutorService heartbeats = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        heartbeats.scheduleWithFixedDelay(() -> clients.forEach(CrowdClient::heartbeat), 1, 1, TimeUnit.SECONDS);
        Set<String> sessions = new HashSet<>();
        try {
            List<CompletableFuture<CrowdClient>> opening = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                opening.add(CrowdClient.open(port, workflow, i % 2 == 0 ? org.ownerToken() : viewer.token())
                        .whenComplete((client, failure) -> {
                            if (client != null) {
                                clients.add(client);
                            }
                        }));
            }
            for (CompletableFuture<CrowdClient> open : opening) {
                open.get(60, TimeUnit.SECONDS);
            }
            for (CrowdClient client : clients) {
                sessions.add(client.welcomed.get(60, TimeUnit.SECONDS));
            }
            assertThat(sessions).as("every socket welcomed with a session of its own").hasSize(1000);
            assertThat(clients).noneMatch(client -> client.closed.isDone());
            assertThat(activeSessionIds(workflow)).isEqualTo(sessions);
        } finally {
            heartbeats.shutdownNow();
        }

        for (CrowdClient client : clients) {
            client.close();
        }
        assertThat(eventually(Duration.ofSeconds(5), () -> activeSessions(workflow) == 0))
                .as("no active session 5 s after the last client left").isTrue();
    }

    @Test
    void aClientThatStopsReadingIsClosedAndDoesNotDelayTheOthers() throws Exception {
        Org org = signUp();
        UUID workflow = createWorkflow(org.ownerToken(), "busy");
        HttpClient http = HttpClient.newHttpClient();
        List<LiveClient> readers = new ArrayList<>();
        Set<String> readerSessions = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            LiveClient reader = LiveClient.open(http, port, workflow, org.ownerToken(), false).get(10, TimeUnit.SECONDS);
            readerSessions.add(reader.welcomed.get(10, TimeUnit.SECONDS));
            readers.add(reader);
        }
        double slowBefore = metrics.get("pumpflix.live.too.slow").counter().count();

        try (Socket slow = new Socket()) {
            slow.setReceiveBufferSize(4096);
            slow.connect(new InetSocketAddress("127.0.0.1", port));
            handshake(slow, workflow, org.ownerToken());
            assertThat(eventually(Duration.ofSeconds(5), () -> activeSessions(workflow) == 11)).isTrue();
            Set<String> slowSession = activeSessionIds(workflow);
            slowSession.removeAll(readerSessions);

            // every reader sends 15 messages of about 3 KB a second for 8 s; the slow one reads nothing
            String pad = "x".repeat(3000);
            long until = System.nanoTime() + Duration.ofSeconds(8).toNanos();
            int rounds = 0;
            while (System.nanoTime() < until) {
                long round = System.nanoTime();
                for (LiveClient reader : readers) {
                    reader.socket.sendText("{\"type\":\"cursor\",\"t\":" + System.nanoTime() + ",\"pad\":\"" + pad + "\"}",
                            true);
                }
                rounds++;
                if (rounds % 10 == 0 && !slow.isOutputShutdown()) {
                    try {
                        heartbeat(slow);
                    } catch (java.io.IOException closedByTheService) {
                        slow.shutdownOutput();
                    }
                }
                Thread.sleep(Math.max(0, 66 - (System.nanoTime() - round) / 1_000_000));
            }

            assertThat(eventually(Duration.ofSeconds(5), () -> !activeSessionIds(workflow).containsAll(slowSession)))
                    .as("the slow client's session ended").isTrue();
            assertThat(metrics.get("pumpflix.live.too.slow").counter().count()).isGreaterThan(slowBefore);
            int expected = rounds * (readers.size() - 1);
            assertThat(eventually(Duration.ofSeconds(5), () -> readers.stream().allMatch(r -> r.received.size() == expected)))
                    .as("every reader got every other reader's messages").isTrue();
            List<Long> latencies = new ArrayList<>();
            readers.forEach(reader -> latencies.addAll(reader.received));
            latencies.sort(null);
            long p99 = latencies.get((int) (latencies.size() * 0.99)) / 1_000_000;
            long max = latencies.get(latencies.size() - 1) / 1_000_000;
            // a blocking send would have held every delivery for the send-time limit (5 s)
            assertThat(max).as("slowest delivery to a reader, ms (p99 %d ms)", p99).isLessThan(2000);
            slow.setSoLinger(true, 0);
        }
        for (LiveClient reader : readers) {
            reader.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
    }

    /** A masked text frame {"type":"heartbeat"}, as a client must send it. */
    private static void heartbeat(Socket socket) throws Exception {
        byte[] payload = "{\"type\":\"heartbeat\"}".getBytes(StandardCharsets.US_ASCII);
        byte[] mask = {1, 2, 3, 4};
        byte[] frame = new byte[6 + payload.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | payload.length);
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        socket.getOutputStream().write(frame);
        socket.getOutputStream().flush();
    }

    private void handshake(Socket socket, UUID workflow, String token) throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write(("GET /api/v1/workflows/" + workflow + "/live HTTP/1.1\r\nHost: localhost:" + port
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\nAuthorization: Bearer " + token + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).as("handshake answer").isNotNegative();
            head.append((char) b);
        }
        assertThat(head.toString()).startsWith("HTTP/1.1 101");
    }

    /**
     * Property: after any storm of joins and leaves (closed cleanly or dropped), each open client's
     * presence list (its welcome plus the presence changes since) equals the sockets actually open,
     * and so do the active session rows.
     */
    @Test
    void presenceListsEqualTheOpenSocketsAfterAStormOfJoinsAndLeaves() throws Exception {
        Org org = signUp();
        HttpClient http = HttpClient.newHttpClient();
        for (long seed : new long[] {1, 2, 3, 4, 5}) {
            Random random = new Random(seed);
            UUID workflow = createWorkflow(org.ownerToken(), "storm " + seed);
            List<CompletableFuture<LiveClient>> open = new ArrayList<>();
            for (int step = 0; step < 60; step++) {
                if (open.size() < 2 || random.nextInt(3) != 0) {
                    open.add(LiveClient.open(http, port, workflow, org.ownerToken(), false));
                } else {
                    LiveClient leaving = open.remove(random.nextInt(open.size())).get(10, TimeUnit.SECONDS);
                    if (random.nextBoolean()) {
                        leaving.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
                    } else {
                        leaving.socket.abort();
                    }
                }
                Thread.sleep(random.nextInt(40));
            }
            Set<String> expected = new HashSet<>();
            List<LiveClient> clients = new ArrayList<>();
            for (CompletableFuture<LiveClient> opening : open) {
                LiveClient client = opening.get(10, TimeUnit.SECONDS);
                expected.add(client.welcomed.get(10, TimeUnit.SECONDS));
                clients.add(client);
            }
            boolean converged = eventually(Duration.ofSeconds(5),
                    () -> clients.stream().allMatch(client -> client.view().equals(expected))
                            && activeSessionIds(workflow).equals(expected));
            assertThat(converged).as("seed %d: every view %s equals the open sockets %s and the rows %s", seed,
                    clients.get(0).view(), expected, activeSessionIds(workflow)).isTrue();
            for (LiveClient client : clients) {
                client.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
            }
        }
    }

    @Test
    void theSessionsOfAnInstanceKilledWithItsSocketsOpenAreEndedByTheOther() throws Exception {
        Org org = signUp();
        UUID workflow = createWorkflow(org.ownerToken(), "survivor");
        LiveClient watcher = LiveClient.connect(port, workflow, org.ownerToken());
        String watcherSession = watcher.next("welcome").path("sessionId").asString();
        AutoCloseable beating = LiveClient.heartbeats(List.of(watcher));
        String doomed = "doomed-" + UUID.randomUUID();
        java.nio.file.Path home = Files.createTempDirectory(HOME.getParent(), "doomed");
        Set<String> doomedSessions = new HashSet<>();
        try (ServiceProcess other = new ServiceProcess(home)) {
            other.start(onThisDatabase(ownerDataSource.getJdbcUrl(), "--pumpflix.encryption.key-file=" + HOME.resolve("keyring"),
                    "--pumpflix.instance-id=" + doomed));
            HttpClient http = HttpClient.newHttpClient();
            List<LiveClient> doomedClients = new java.util.concurrent.CopyOnWriteArrayList<>();
            AutoCloseable doomedBeating = LiveClient.heartbeats(doomedClients);
            for (int i = 0; i < 20; i++) {
                LiveClient client = LiveClient.open(http, other.port, workflow, org.ownerToken(), false)
                        .get(10, TimeUnit.SECONDS);
                doomedSessions.add(client.welcomed.get(10, TimeUnit.SECONDS));
                doomedClients.add(client);
            }
            Set<String> everyone = new HashSet<>(doomedSessions);
            everyone.add(watcherSession);
            assertThat(eventually(Duration.ofSeconds(5), () -> watcher.view().equals(everyone)))
                    .as("the watcher sees %s, expected %s", watcher.view(), everyone).isTrue();
            other.kill();
            doomedBeating.close();
        }

        // the bound: the instance timeout (10 s) plus one heartbeat (2 s)
        assertThat(eventually(Duration.ofSeconds(14), () -> activeSessions(workflow) == 1))
                .as("the killed instance's sessions ended by this one").isTrue();
        assertThat(activeSessionIds(workflow)).containsExactly(watcherSession);
        assertThat(eventually(Duration.ofSeconds(2), () -> watcher.view().equals(Set.of(watcherSession))))
                .as("and they left the presence of who watches").isTrue();
        beating.close();
        watcher.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }
}
