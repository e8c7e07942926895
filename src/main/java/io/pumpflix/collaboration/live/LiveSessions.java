package io.pumpflix.collaboration.live;

import io.pumpflix.collaboration.CollaborationSessions;
import io.pumpflix.identity.Actor;
import io.pumpflix.platform.NotFoundException;
import io.pumpflix.platform.NotMemberException;
import io.pumpflix.platform.OwnerDatabase;
import io.pumpflix.platform.TenantScope;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Live collaboration on one workflow. Joining calls {@code start_websocket_session}; leaving, a
 * closed socket or a missed heartbeat calls {@code end_websocket_session}. Presence and small
 * editing messages reach everyone on the workflow, on every instance, through
 * {@link PresenceChannel}. Connection ids are {@code <instanceId>:<socketId>}, so an instance
 * that crashed ends exactly its own leftover sessions when it starts again.
 */
class LiveSessions extends TextWebSocketHandler implements SmartLifecycle {

    static final String ACTOR = "pumpflix.actor";
    static final String WORKFLOW = "pumpflix.workflow";
    static final CloseStatus NOT_FOUND = new CloseStatus(4404, "workflow not found");
    static final CloseStatus HEARTBEAT_MISSED = new CloseStatus(4408, "heartbeat missed");
    static final CloseStatus TOO_FAST = new CloseStatus(4429, "too many messages");

    private static final Logger log = LoggerFactory.getLogger(LiveSessions.class);

    private final CollaborationSessions sessions;
    private final TenantScope tenants;
    private final OwnerDatabase owner;
    private final DataSource dataSource;
    private final JsonMapper json;
    private final LiveSettings settings;
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    private final Map<UUID, Set<Connection>> byWorkflow = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "live-heartbeat-sweeper");
        thread.setDaemon(true);
        return thread;
    });
    private volatile PresenceChannel channel;
    private volatile RunEventRelay relay;
    private volatile boolean running;

    LiveSessions(CollaborationSessions sessions, TenantScope tenants, OwnerDatabase owner, DataSource dataSource,
            JsonMapper json, LiveSettings settings, io.micrometer.core.instrument.MeterRegistry metrics) {
        this.sessions = sessions;
        this.tenants = tenants;
        this.owner = owner;
        this.dataSource = dataSource;
        this.json = json;
        this.settings = settings;
        // for operators (docs/operations.md): open WebSocket sessions and watched workflows on this instance
        io.micrometer.core.instrument.Gauge.builder("pumpflix.live.sessions", connections, Map::size)
                .description("open live-collaboration WebSocket sessions on this instance")
                .register(metrics);
        io.micrometer.core.instrument.Gauge.builder("pumpflix.live.workflows", byWorkflow, Map::size)
                .description("workflows watched on this instance").register(metrics);
    }

    private final class Connection {
        final WebSocketSession socket;
        final Actor actor;
        final UUID workflowId;
        final UUID sessionId;
        volatile long lastSeen = System.nanoTime();
        private long windowStart = System.nanoTime();
        private int inWindow;

        Connection(WebSocketSession socket, Actor actor, UUID workflowId, UUID sessionId) {
            this.socket = new ConcurrentWebSocketSessionDecorator(socket, 5000, 64 * 1024);
            this.actor = actor;
            this.workflowId = workflowId;
            this.sessionId = sessionId;
        }

        /** At most {@code messagesPerSecond} messages in any one-second window. */
        synchronized boolean withinRate() {
            long now = System.nanoTime();
            if (now - windowStart > 1_000_000_000L) {
                windowStart = now;
                inWindow = 0;
            }
            return ++inWindow <= settings.messagesPerSecond();
        }

        void send(String text) {
            try {
                if (socket.isOpen()) {
                    socket.sendMessage(new TextMessage(text));
                }
            } catch (IOException | IllegalStateException e) {
                log.debug("Could not send to {}: {}", sessionId, e.getMessage());
            }
        }
    }

    private String connectionId(WebSocketSession socket) {
        return settings.instanceId() + ":" + socket.getId();
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession socket) throws IOException {
        Actor actor = (Actor) socket.getAttributes().get(ACTOR);
        UUID workflowId = (UUID) socket.getAttributes().get(WORKFLOW);
        UUID sessionId;
        List<Map<String, Object>> present;
        try {
            UUID[] started = new UUID[1];
            present = tenants.call(actor.organizationId(), actor.userId(), () -> {
                started[0] = sessions.start(actor, workflowId, connectionId(socket));
                return sessions.activeOn(actor, workflowId);
            });
            sessionId = started[0];
        } catch (NotFoundException | NotMemberException e) {
            socket.close(NOT_FOUND);
            return;
        }
        Connection connection = new Connection(socket, actor, workflowId, sessionId);
        connections.put(socket.getId(), connection);
        byWorkflow.computeIfAbsent(workflowId, id -> ConcurrentHashMap.newKeySet()).add(connection);
        ObjectNode welcome = json.createObjectNode().put("type", "welcome").put("sessionId", sessionId.toString());
        welcome.set("present", json.valueToTree(present));
        connection.send(welcome.toString());
        publish(connection, "joined", null);
    }

    @Override
    protected void handleTextMessage(WebSocketSession socket, TextMessage message) throws IOException {
        Connection connection = connections.get(socket.getId());
        if (connection == null) {
            return;
        }
        connection.lastSeen = System.nanoTime();
        if (!connection.withinRate()) {
            connection.socket.close(TOO_FAST);
            return;
        }
        if (message.getPayloadLength() > settings.maxMessageBytes()) {
            connection.send(error("a message may be at most " + settings.maxMessageBytes() + " bytes"));
            return;
        }
        JsonNode body;
        try {
            body = json.readTree(message.getPayload());
        } catch (RuntimeException e) {
            connection.send(error("a message must be a JSON object"));
            return;
        }
        if (!body.isObject() || !body.path("type").isString()) {
            connection.send(error("a message must be a JSON object with a string \"type\""));
            return;
        }
        if (!"heartbeat".equals(body.path("type").asString())) {
            publish(connection, "relay", body);
        }
    }

    private String error(String detail) {
        return json.createObjectNode().put("type", "error").put("detail", detail).toString();
    }

    @Override
    public void afterConnectionClosed(WebSocketSession socket, CloseStatus status) {
        Connection connection = connections.remove(socket.getId());
        if (connection == null) {
            return;
        }
        Set<Connection> peers = byWorkflow.get(connection.workflowId);
        if (peers != null) {
            peers.remove(connection);
        }
        try {
            tenants.run(connection.actor.organizationId(), connection.actor.userId(),
                    () -> sessions.end(connection.actor, connection.sessionId));
            publish(connection, "left", null);
        } catch (RuntimeException e) {
            log.warn("Could not end session {} (it is ended when this instance restarts): {}", connection.sessionId,
                    e.getMessage());
        }
    }

    private void publish(Connection from, String type, JsonNode data) {
        ObjectNode envelope = json.createObjectNode()
                .put("type", type)
                .put("workflowId", from.workflowId.toString())
                .put("sessionId", from.sessionId.toString())
                .put("userId", from.actor.userId().toString());
        if (data != null) {
            envelope.set("data", data);
        }
        channel.publish(envelope.toString());
    }

    /**
     * A message from any instance (one envelope, or an array of them): delivered to this instance's
     * sockets on that workflow, but the sender's.
     */
    private void deliver(String payload) {
        JsonNode message = json.readTree(payload);
        if (message.isArray()) {
            for (JsonNode envelope : message) {
                deliver(envelope, envelope.toString());
            }
        } else {
            deliver(message, payload);
        }
    }

    private void deliver(JsonNode envelope, String payload) {
        UUID workflowId = UUID.fromString(envelope.path("workflowId").asString());
        String from = envelope.path("sessionId").asString();
        for (Connection connection : byWorkflow.getOrDefault(workflowId, Set.of())) {
            if (!connection.sessionId.toString().equals(from)) {
                connection.send(payload);
            }
        }
    }

    private void closeSilentConnections() {
        long limit = settings.heartbeatTimeout().toNanos();
        long now = System.nanoTime();
        for (Connection connection : connections.values()) {
            if (now - connection.lastSeen > limit) {
                try {
                    connection.socket.close(HEARTBEAT_MISSED);
                } catch (IOException | IllegalStateException e) {
                    afterConnectionClosed(connection.socket, HEARTBEAT_MISSED);
                }
            }
        }
    }

    /** Ends the sessions a crash of this instance left active, then starts listening. */
    @Override
    public void start() {
        int ended = owner.jdbc().sql("""
                UPDATE public.websocket_sessions SET is_active = false, ended_at = now() AT TIME ZONE 'UTC'
                WHERE is_active AND connection_id LIKE ? ESCAPE '\\'""")
                .param(settings.instanceId().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + ":%")
                .update();
        if (ended > 0) {
            log.info("Ended {} WebSocket session(s) left active by an earlier run of instance {}", ended,
                    settings.instanceId());
        }
        channel = new PresenceChannel(dataSource, this::deliver);
        relay = new RunEventRelay(json, owner, channel::publish, byWorkflow.keySet());
        long every = Math.max(1, settings.heartbeatTimeout().toSeconds() / 3);
        sweeper.scheduleWithFixedDelay(this::closeSilentConnections, every, every, TimeUnit.SECONDS);
        running = true;
    }

    /** On shutdown, every socket is closed and its session ended, before the database stops. */
    @Override
    public void stop() {
        running = false;
        sweeper.shutdownNow();
        for (Connection connection : List.copyOf(connections.values())) {
            try {
                connection.socket.close(CloseStatus.GOING_AWAY);
            } catch (IOException | IllegalStateException e) {
                log.debug("Closing {}: {}", connection.sessionId, e.getMessage());
            }
            afterConnectionClosed(connection.socket, CloseStatus.GOING_AWAY);
        }
        if (relay != null) {
            relay.close();
        }
        if (channel != null) {
            channel.close();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** The engine's run events, to this workflow's watchers on every instance. */
    @org.springframework.context.event.EventListener
    void relay(io.pumpflix.engine.RunEvent event) {
        RunEventRelay current = relay;
        if (current != null) {
            current.relay(event);
        }
    }

    Duration heartbeatTimeout() {
        return settings.heartbeatTimeout();
    }
}
