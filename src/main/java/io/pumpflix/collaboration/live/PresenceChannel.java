package io.pumpflix.collaboration.live;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Messages between service instances that share one database, through PostgreSQL
 * {@code LISTEN/NOTIFY} (no extra broker), on live collaboration's own connections. Publishing only
 * queues: one thread sends whatever is queued (after waiting a few milliseconds for more) as JSON arrays of up to about 7,000 bytes per
 * notification, in its own short transactions, so neither a socket's thread nor a run's
 * transaction ever waits for the notify queue's lock. Under load the arrays fill up, so the
 * number of notifications grows far slower than the number of messages. One connection listens;
 * both reconnect by themselves when the database comes back.
 */
final class PresenceChannel implements AutoCloseable {

    static final String CHANNEL = "pumpflix_collaboration";
    /** PostgreSQL refuses payloads of 8,000 bytes and more. */
    static final int MAX_PAYLOAD_BYTES = 7_000;
    private static final Logger log = LoggerFactory.getLogger(PresenceChannel.class);

    private final DataSource dataSource;
    private final long lingerMillis;
    private final Consumer<String> onMessage;
    private final Runnable onDropped;
    private final BlockingQueue<String> outbox;
    private final Thread listener;
    private final Thread publisher;
    private volatile boolean running = true;

    PresenceChannel(DataSource dataSource, int capacity, long lingerMillis, Consumer<String> onMessage,
            Runnable onDropped) {
        this.dataSource = dataSource;
        this.lingerMillis = lingerMillis;
        this.onMessage = onMessage;
        this.onDropped = onDropped;
        this.outbox = new ArrayBlockingQueue<>(capacity);
        this.listener = new Thread(this::listen, "live-channel-listener");
        this.listener.setDaemon(true);
        this.listener.start();
        this.publisher = new Thread(this::publishQueued, "live-channel-publisher");
        this.publisher.setDaemon(true);
        this.publisher.start();
    }

    /**
     * Queues one JSON object for every instance, this one included; dropped (and counted) when
     * the queue is full or the object alone is too large for a notification.
     */
    void publish(String envelope) {
        if (utf8Length(envelope) + 2 > MAX_PAYLOAD_BYTES || !outbox.offer(envelope)) {
            onDropped.run();
        }
    }

    private void publishQueued() {
        List<String> batch = new ArrayList<>();
        while (running || !outbox.isEmpty()) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
                    notify.setString(1, CHANNEL);
                    while (running || !outbox.isEmpty()) {
                        if (batch.isEmpty()) {
                            String first = outbox.poll(100, TimeUnit.MILLISECONDS);
                            if (first == null) {
                                continue;
                            }
                            batch.add(first);
                            // a short wait lets what arrives meanwhile share the notification: at a
                            // thousand runs a second, run events then reach each watcher in a few
                            // dozen frames a second instead of thousands
                            Thread.sleep(lingerMillis);
                            outbox.drainTo(batch, 10_000);
                        }
                        for (String payload : pack(batch)) {
                            notify.setString(2, payload);
                            notify.executeQuery().close();
                        }
                        batch.clear();
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    log.warn("Live channel could not publish ({}); retrying in a second", e.getMessage());
                    pause();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** JSON arrays of the envelopes, each within the payload limit. */
    static List<String> pack(List<String> envelopes) {
        List<String> payloads = new ArrayList<>();
        StringBuilder array = new StringBuilder("[");
        int bytes = 2;
        for (String envelope : envelopes) {
            int size = utf8Length(envelope) + 1;
            if (bytes + size > MAX_PAYLOAD_BYTES && array.length() > 1) {
                payloads.add(array.append(']').toString());
                array.setLength(0);
                array.append('[');
                bytes = 2;
            }
            if (array.length() > 1) {
                array.append(',');
            }
            array.append(envelope);
            bytes += size;
        }
        if (array.length() > 1) {
            payloads.add(array.append(']').toString());
        }
        return payloads;
    }

    static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isHighSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }

    private void listen() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(500);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            deliver(notification.getParameter());
                        }
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    log.warn("Live channel listener lost its connection ({}); retrying in a second", e.getMessage());
                    pause();
                }
            }
        }
    }

    private void deliver(String payload) {
        try {
            onMessage.accept(payload);
        } catch (RuntimeException e) {
            log.warn("Could not deliver a live message: {}", e.getMessage());
        }
    }

    private void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Stops listening, and publishes what is queued (at most two seconds more). */
    @Override
    public void close() {
        running = false;
        listener.interrupt();
        try {
            listener.join(2000);
            publisher.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
