package io.pumpflix.collaboration.live;

import io.pumpflix.identity.Actor;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendResult;
import java.util.ArrayDeque;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;

/**
 * One open socket on a workflow, and what waits to be sent to it. Messages are sent one at a
 * time with the container's asynchronous send, so no thread ever waits on a client: the thread
 * that delivers a message to a thousand sockets only queues it a thousand times. A socket whose
 * queue grows beyond its bound, or whose send has not completed within the time limit, is too
 * slow to keep up and is closed ({@link #TOO_SLOW}); the others are not slowed.
 *
 * <p>Until the socket is welcomed (its session written and the presence read) messages are held;
 * the welcome then goes first, so a client reads the presence list before any change to it.
 */
final class LiveSocket {

    static final CloseStatus TOO_SLOW = new CloseStatus(4413, "too slow to keep up: messages waiting beyond the bound");

    final WebSocketSession socket;
    final Actor actor;
    final UUID workflowId;
    final String connectionId;
    volatile long lastSeen = System.nanoTime();

    private final RemoteEndpoint.Async remote;
    private final int maxQueuedBytes;
    private final BiConsumer<LiveSocket, CloseStatus> close;
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private long queuedBytes;
    private boolean welcomed;
    private boolean sending;
    private boolean inSend;
    private long sendingSince;
    private boolean closed;
    private UUID sessionId;
    private long windowStart = System.nanoTime();
    private int inWindow;

    LiveSocket(WebSocketSession socket, Actor actor, UUID workflowId, String connectionId, int maxQueuedBytes,
            BiConsumer<LiveSocket, CloseStatus> close) {
        this.socket = socket;
        this.actor = actor;
        this.workflowId = workflowId;
        this.connectionId = connectionId;
        this.maxQueuedBytes = maxQueuedBytes;
        this.close = close;
        jakarta.websocket.Session nativeSession =
                ((NativeWebSocketSession) socket).getNativeSession(jakarta.websocket.Session.class);
        // A close (the only blocking send) waits for the message being sent to finish. That message
        // finishes on a container thread, so when thousands of clients leave at once, closes that
        // wait long hold every container thread and the messages they wait for cannot finish:
        // after 250 ms the close gives up on its close frame and drops the connection (Tomcat's
        // default wait is 20 s; with 2 s, 10,000 leaving clients took 45 s to be ended).
        nativeSession.getUserProperties().put("org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT", 250L);
        this.remote = nativeSession.getAsyncRemote();
    }

    synchronized UUID sessionId() {
        return sessionId;
    }

    /**
     * The session was written: returns false when the socket closed meanwhile (the caller then
     * ends the session), else sends the welcome ahead of everything held so far.
     */
    synchronized boolean welcome(UUID session, String welcome) {
        sessionId = session;
        if (closed) {
            return false;
        }
        welcomed = true;
        lastSeen = System.nanoTime();  // the heartbeat timeout counts from the welcome, not from the handshake
        queue.addFirst(welcome);
        queuedBytes += welcome.length();
        pump();
        return true;
    }

    /** Marks the socket closed; returns its session, null when it had none yet. */
    synchronized UUID closed() {
        closed = true;
        queue.clear();
        queuedBytes = 0;
        return sessionId;
    }

    /** Queues a message; closes the socket as too slow when the queue is full. */
    void send(String text) {
        boolean overflow;
        synchronized (this) {
            if (closed) {
                return;
            }
            overflow = queuedBytes + text.length() > maxQueuedBytes;
            if (!overflow) {
                queue.add(text);
                queuedBytes += text.length();
                pump();
            }
        }
        if (overflow) {
            close.accept(this, TOO_SLOW);
        }
    }

    /** True when a send has waited for the client longer than the limit. */
    synchronized boolean stuck(long limitNanos, long now) {
        return sending && !closed && now - sendingSince > limitNanos;
    }

    /** At most {@code perSecond} messages from the client in any one-second window. */
    synchronized boolean withinRate(int perSecond) {
        long now = System.nanoTime();
        if (now - windowStart > 1_000_000_000L) {
            windowStart = now;
            inWindow = 0;
        }
        return ++inWindow <= perSecond;
    }

    private void pump() {
        while (welcomed && !sending && !closed) {
            String next = queue.poll();
            if (next == null) {
                return;
            }
            sending = true;
            sendingSince = System.nanoTime();
            inSend = true;
            try {
                remote.sendText(next, result -> sent(next, result));
            } catch (RuntimeException e) {
                sending = false;
                closed = true;
                queue.clear();
                return;
            } finally {
                inSend = false;
            }
        }
    }

    private void sent(String text, SendResult result) {
        synchronized (this) {
            sending = false;
            queuedBytes -= text.length();
            if (result.isOK()) {
                if (!inSend) {
                    pump();
                }
                return;
            }
            queue.clear();
            queuedBytes = 0;
        }
        close.accept(this, CloseStatus.SESSION_NOT_RELIABLE);
    }
}
