package io.pumpflix.collaboration.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pumpflix.collaboration.CollaborationSessions;
import io.pumpflix.collaboration.CollaborationSessions.JoinBatch;
import io.pumpflix.collaboration.CollaborationSessions.Joined;
import io.pumpflix.collaboration.CollaborationSessions.Leaving;
import io.pumpflix.collaboration.CollaborationSessions.Presence;
import io.pumpflix.identity.Actor;
import io.pumpflix.platform.NotFoundException;
import io.pumpflix.platform.NotMemberException;
import io.pumpflix.platform.OwnerDatabase;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
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
import org.springframework.web.socket.handler.TextWebSocketHandler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Live collaboration on one workflow (docs/collaboration.md). A join is queued to the
 * {@link SessionWriter}, which writes it with the others of its moment through
 * {@code start_websocket_session} and answers with the welcome; leaving, a closed socket or a
 * missed heartbeat is queued the same way to {@code end_websocket_session}. Presence changes are
 * coalesced per workflow ({@link PresenceUpdates}); presence, relayed editing messages and the
 * engine's run events reach every instance through {@link PresenceChannel}, and each socket
 * through its own bounded, non-blocking queue ({@link LiveSocket}). Connection ids are
 * {@code <instanceId>:<socketId>}; {@link LiveInstances} ends the sessions of an instance that
 * died, on its restart or, sooner, from any other instance.
 */
class LiveSessions extends TextWebSocketHandler implements SmartLifecycle, SessionWriter.Joins {

    static final String ACTOR = "pumpflix.actor";
    static final String WORKFLOW = "pumpflix.workflow";
    static final CloseStatus NOT_FOUND = new CloseStatus(4404, "workflow not found");
    static final CloseStatus HEARTBEAT_MISSED = new CloseStatus(4408, "heartbeat missed");
    static final CloseStatus TOO_FAST = new CloseStatus(4429, "too many messages");
    static final CloseStatus TRY_AGAIN_LATER = new CloseStatus(1013, "too many sockets joining, try again later");

    private static final Logger log = LoggerFactory.getLogger(LiveSessions.class);

    private final CollaborationSessions sessions;
    private final OwnerDatabase owner;
    private final DataSource liveDataSource;
    private final JsonMapper json;
    private final LiveSettings settings;
    private final Map<String, LiveSocket> sockets = new ConcurrentHashMap<>();
    private final Map<UUID, Set<LiveSocket>> byWorkflow = new ConcurrentHashMap<>();
    private final Counter refused;
    private final Counter tooSlow;
    private final Counter dropped;
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "live-timers");
        thread.setDaemon(true);
        return thread;
    });
    /** Closing a socket may wait for a stuck send (at most 2 s): never on a thread that delivers. */
    private final ExecutorService closer = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "live-closer");
        thread.setDaemon(true);
        return thread;
    });
    private volatile PresenceChannel channel;
    private volatile PresenceUpdates presence;
    private volatile SessionWriter writer;
    private volatile RunEventRelay relay;
    private volatile LiveInstances instances;
    private volatile boolean running;

    LiveSessions(CollaborationSessions sessions, OwnerDatabase owner, DataSource liveDataSource, JsonMapper json,
            LiveSettings settings, MeterRegistry metrics) {
        this.sessions = sessions;
        this.owner = owner;
        this.liveDataSource = liveDataSource;
        this.json = json;
        this.settings = settings;
        // for operators (docs/operations.md)
        Gauge.builder("pumpflix.live.sessions", sockets, Map::size)
                .description("open live-collaboration WebSocket sessions on this instance").register(metrics);
        Gauge.builder("pumpflix.live.workflows", byWorkflow, Map::size)
                .description("workflows watched on this instance").register(metrics);
        refused = Counter.builder("pumpflix.live.refused")
                .description("sockets refused with 1013 because too many were open or joining").register(metrics);
        tooSlow = Counter.builder("pumpflix.live.too.slow")
                .description("sockets closed because they did not read their messages in time").register(metrics);
        dropped = Counter.builder("pumpflix.live.dropped")
                .description("messages between instances dropped because the outgoing queue was full")
                .register(metrics);
    }

    private String connectionId(WebSocketSession socket) {
        return settings.instanceId() + ":" + socket.getId();
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession socket) throws IOException {
        Actor actor = (Actor) socket.getAttributes().get(ACTOR);
        UUID workflowId = (UUID) socket.getAttributes().get(WORKFLOW);
        LiveSocket live = new LiveSocket(socket, actor, workflowId, connectionId(socket), settings.maxQueuedBytes(),
                this::closeLater);
        if (!running || sockets.size() >= settings.maxSockets()) {
            refused.increment();
            socket.close(TRY_AGAIN_LATER);
            return;
        }
        // registered before the session is written, so that no presence change after the
        // presence read can pass it by (held until the welcome)
        sockets.put(socket.getId(), live);
        byWorkflow.computeIfAbsent(workflowId, id -> ConcurrentHashMap.newKeySet()).add(live);
        if (!writer.join(live)) {
            forget(live);
            refused.increment();
            socket.close(TRY_AGAIN_LATER);
        }
    }

    @Override
    public void started(LiveSocket live, JoinBatch batch, int position) {
        Joined joined = batch.joined().get(position);
        if (joined.sessionId() == null) {
            failed(live, joined.refusal());
            return;
        }
        // heartbeatSeconds: how long the socket may stay silent, so a client knows how often to heartbeat
        String welcome = "{\"type\":\"welcome\",\"sessionId\":\"" + joined.sessionId() + "\",\"heartbeatSeconds\":"
                + Math.max(1, settings.heartbeatTimeout().toSeconds()) + ",\"present\":"
                + presentJson(batch.presence().get(live.workflowId)) + "}";
        if (live.welcome(joined.sessionId(), welcome)) {
            presence.joined(live.workflowId, live.actor.userId(), joined.sessionId());
        } else {
            writer.leave(new Leaving(live.actor, joined.sessionId()));
        }
    }

    private Presence lastPresence;
    private String lastPresenceJson;

    /**
     * The present list and total of a welcome, serialized once per workflow and batch (called on
     * the writer's thread only): a thousand joins of one workflow share one list.
     */
    private String presentJson(Presence present) {
        if (present == null) {
            return "[],\"total\":0";
        }
        if (present != lastPresence) {
            lastPresence = present;
            lastPresenceJson = json.writeValueAsString(present.first()) + ",\"total\":" + present.total();
        }
        return lastPresenceJson;
    }

    @Override
    public void failed(LiveSocket live, RuntimeException cause) {
        log.debug("Join of {} refused: {}", live.connectionId, cause.toString());
        forget(live);
        live.closed();
        closeLater(live, cause instanceof NotFoundException || cause instanceof NotMemberException ? NOT_FOUND
                : new CloseStatus(1013, "could not join, try again later"));
    }

    private void forget(LiveSocket live) {
        sockets.remove(live.socket.getId(), live);
        Set<LiveSocket> peers = byWorkflow.get(live.workflowId);
        if (peers != null) {
            peers.remove(live);
            if (peers.isEmpty()) {
                byWorkflow.remove(live.workflowId, peers);
            }
        }
    }

    private void closeLater(LiveSocket live, CloseStatus status) {
        if (status == LiveSocket.TOO_SLOW) {
            tooSlow.increment();
        }
        try {
            closer.execute(() -> {
                try {
                    live.socket.close(status);
                } catch (IOException | RuntimeException e) {
                    log.debug("Closing {}: {}", live.connectionId, e.getMessage());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            log.debug("Not closing {}: stopping", live.connectionId);
        }
    }

    @Override
    protected void handleTextMessage(WebSocketSession socket, TextMessage message) throws IOException {
        LiveSocket live = sockets.get(socket.getId());
        if (live == null) {
            return;
        }
        live.lastSeen = System.nanoTime();
        if (!live.withinRate(settings.messagesPerSecond())) {
            closeLater(live, TOO_FAST);
            return;
        }
        if (message.getPayloadLength() > settings.maxMessageBytes()) {
            live.send(error("a message may be at most " + settings.maxMessageBytes() + " bytes"));
            return;
        }
        JsonNode body;
        try {
            body = json.readTree(message.getPayload());
        } catch (RuntimeException e) {
            live.send(error("a message must be a JSON object"));
            return;
        }
        if (!body.isObject() || !body.path("type").isString()) {
            live.send(error("a message must be a JSON object with a string \"type\""));
            return;
        }
        UUID sessionId = live.sessionId();
        if (sessionId == null) {
            live.send(error("wait for the welcome before sending"));
            return;
        }
        if (!"heartbeat".equals(body.path("type").asString())) {
            ObjectNode envelope = json.createObjectNode()
                    .put("type", "relay")
                    .put("workflowId", live.workflowId.toString())
                    .put("sessionId", sessionId.toString())
                    .put("userId", live.actor.userId().toString());
            envelope.set("data", body);
            channel.publish(envelope.toString());
        }
    }

    private String error(String detail) {
        return json.createObjectNode().put("type", "error").put("detail", detail).toString();
    }

    @Override
    public void afterConnectionClosed(WebSocketSession socket, CloseStatus status) {
        LiveSocket live = sockets.get(socket.getId());
        if (live == null) {
            return;
        }
        forget(live);
        UUID sessionId = live.closed();
        if (sessionId != null) {
            writer.leave(new Leaving(live.actor, sessionId));
            presence.left(live.workflowId, live.actor.userId(), sessionId);
        }
    }

    /**
     * A notification from any instance, a JSON array of messages, to this instance's sockets on
     * each message's workflow. A relayed message goes alone and not back to its sender; the other
     * messages of one workflow in one notification (presence, run events) go as one frame holding
     * their array, in order, so a hundred watchers of a busy workflow cost a hundred sends per
     * notification, not per event. Each frame is serialized once for all its recipients.
     */
    private void deliver(String payload) {
        JsonNode messages = json.readTree(payload);
        Map<UUID, List<JsonNode>> grouped = new java.util.LinkedHashMap<>();
        for (JsonNode message : messages.isArray() ? messages : List.of(messages)) {
            UUID workflowId = UUID.fromString(message.path("workflowId").asString());
            Set<LiveSocket> watchers = byWorkflow.get(workflowId);
            if (watchers == null || watchers.isEmpty()) {
                continue;
            }
            if ("relay".equals(message.path("type").asString())) {
                String text = message.toString();
                String from = message.path("sessionId").asString();
                for (LiveSocket watcher : watchers) {
                    if (!from.equals(String.valueOf(watcher.sessionId()))) {
                        watcher.send(text);
                    }
                }
            } else {
                grouped.computeIfAbsent(workflowId, id -> new java.util.ArrayList<>()).add(message);
            }
        }
        grouped.forEach((workflowId, group) -> {
            String text = group.size() == 1 ? group.get(0).toString() : json.createArrayNode().addAll(group).toString();
            for (LiveSocket watcher : byWorkflow.getOrDefault(workflowId, Set.of())) {
                watcher.send(text);
            }
        });
    }

    /** Sockets silent beyond the heartbeat timeout, and sockets whose client stopped reading. */
    private void closeSilentAndSlow() {
        long silence = settings.heartbeatTimeout().toNanos();
        long sendLimit = settings.sendTimeLimit().toNanos();
        long now = System.nanoTime();
        for (LiveSocket live : sockets.values()) {
            if (now - live.lastSeen > silence) {
                closeLater(live, HEARTBEAT_MISSED);
            } else if (live.stuck(sendLimit, now)) {
                closeLater(live, LiveSocket.TOO_SLOW);
            }
        }
    }

    private void heartbeat() {
        try {
            LiveInstances.Beat beat = instances.beat();
            announceEnded(beat.ended());
            if (!beat.alive()) {
                log.warn("This instance was taken for dead (no heartbeat within {}); its sessions were ended,"
                        + " closing its {} socket(s) so that their clients join again", settings.instanceTimeout(),
                        sockets.size());
                for (LiveSocket live : sockets.values()) {
                    closeLater(live, CloseStatus.SERVICE_RESTARTED);
                }
            }
        } catch (RuntimeException e) {
            log.warn("Live heartbeat failed: {}", e.getMessage());
        }
    }

    /** Sessions ended for a dead instance leave the presence of who watches their workflows. */
    private void announceEnded(List<LiveInstances.Ended> ended) {
        for (LiveInstances.Ended session : ended) {
            presence.left(session.workflowId(), session.userId(), session.sessionId());
        }
    }

    /** Ends the sessions a crash of this instance left active, then starts listening. */
    @Override
    public void start() {
        channel = new PresenceChannel(liveDataSource, 100_000, settings.publishLinger().toMillis(), this::deliver,
                dropped::increment);
        presence = new PresenceUpdates(json, channel::publish);
        instances = new LiveInstances(owner, settings.instanceId(), settings.instanceTimeout());
        List<LiveInstances.Ended> ended = instances.register();
        if (!ended.isEmpty()) {
            log.info("Ended {} WebSocket session(s) left active by an earlier run of instance {}", ended.size(),
                    settings.instanceId());
            announceEnded(ended);
        }
        writer = new SessionWriter(sessions, this, settings.maxPendingJoins(), settings.presenceLimit());
        relay = new RunEventRelay(json, owner, channel::publish, byWorkflow.keySet(), settings.runEventsPerSecond());
        long window = settings.presenceWindow().toMillis();
        timers.scheduleWithFixedDelay(presence::flush, window, window, TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(this::closeSilentAndSlow, 1, 1, TimeUnit.SECONDS);
        long beat = settings.instanceHeartbeat().toMillis();
        timers.scheduleWithFixedDelay(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
        running = true;
    }

    /** On shutdown, every socket is closed and its session ended, before the database stops. */
    @Override
    public void stop() {
        running = false;
        timers.shutdownNow();
        for (LiveSocket live : List.copyOf(sockets.values())) {
            try {
                live.socket.close(CloseStatus.GOING_AWAY);
            } catch (IOException | IllegalStateException e) {
                log.debug("Closing {}: {}", live.connectionId, e.getMessage());
            }
            afterConnectionClosed(live.socket, CloseStatus.GOING_AWAY);
        }
        closer.shutdown();
        if (relay != null) {
            relay.close();
        }
        if (writer != null) {
            writer.close();
        }
        if (presence != null) {
            presence.flush();
        }
        if (channel != null) {
            channel.close();
        }
        if (instances != null) {
            try {
                instances.deregister();
            } catch (RuntimeException e) {
                log.debug("Could not deregister: {}", e.getMessage());
            }
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
}
