package io.pumpflix.collaboration.live;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Presence and relayed messages between service instances that share one database, through
 * PostgreSQL {@code LISTEN/NOTIFY} (no extra broker). One connection listens; it reconnects by
 * itself when the database comes back.
 */
final class PresenceChannel implements AutoCloseable {

    static final String CHANNEL = "pumpflix_collaboration";
    private static final Logger log = LoggerFactory.getLogger(PresenceChannel.class);

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final Consumer<String> onMessage;
    private final Thread listener;
    private volatile boolean running = true;

    PresenceChannel(DataSource dataSource, Consumer<String> onMessage) {
        this.dataSource = dataSource;
        this.jdbc = JdbcClient.create(dataSource);
        this.onMessage = onMessage;
        this.listener = new Thread(this::listen, "presence-listener");
        this.listener.setDaemon(true);
        this.listener.start();
    }

    /** Sends a message (at most about 7,900 bytes) to every instance, this one included. */
    void publish(String payload) {
        jdbc.sql("SELECT pg_notify(?, ?)").params(CHANNEL, payload).query().singleRow();
    }

    private void listen() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
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
                    log.warn("Presence listener lost its connection ({}); retrying in a second", e.getMessage());
                    sleep();
                }
            }
        }
    }

    private void deliver(String payload) {
        try {
            onMessage.accept(payload);
        } catch (RuntimeException e) {
            log.warn("Could not deliver a presence message: {}", e.getMessage());
        }
    }

    private void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        listener.interrupt();
        try {
            listener.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
