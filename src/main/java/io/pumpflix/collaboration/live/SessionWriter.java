package io.pumpflix.collaboration.live;

import io.pumpflix.collaboration.CollaborationSessions;
import io.pumpflix.collaboration.CollaborationSessions.JoinBatch;
import io.pumpflix.collaboration.CollaborationSessions.Joining;
import io.pumpflix.collaboration.CollaborationSessions.Leaving;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the sessions of joining and leaving sockets in batches, on one thread and live
 * collaboration's own connections: whatever arrived while the last batch was written goes in the
 * next, as one transaction of at most two statements (starts with the presence they need, and
 * ends). A thousand sockets arriving at once cost a handful of round trips and no request's
 * connection. Joins waiting beyond {@code maxPendingJoins} are refused at once (the socket is
 * closed with 1013, try again later). Ends are never refused: an end that failed (the database
 * was away) is tried again every second until it lands.
 */
final class SessionWriter implements AutoCloseable {

    /** What the writer reports back about a join. */
    interface Joins {
        void started(LiveSocket socket, JoinBatch batch, int position);

        void failed(LiveSocket socket, RuntimeException cause);
    }

    private static final Logger log = LoggerFactory.getLogger(SessionWriter.class);
    private static final int BATCH = 1_000;

    private record Join(LiveSocket socket) {
    }

    private record Leave(Leaving leaving, long notBefore) {
    }

    private final CollaborationSessions sessions;
    private final Joins joins;
    private final int maxPendingJoins;
    private final int presenceLimit;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final List<Leave> retries = new ArrayList<>();
    private final AtomicInteger pendingJoins = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;

    SessionWriter(CollaborationSessions sessions, Joins joins, int maxPendingJoins, int presenceLimit) {
        this.sessions = sessions;
        this.joins = joins;
        this.maxPendingJoins = maxPendingJoins;
        this.presenceLimit = presenceLimit;
        this.thread = new Thread(this::write, "live-session-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues a join; false when too many are waiting already. */
    boolean join(LiveSocket socket) {
        if (pendingJoins.incrementAndGet() > maxPendingJoins) {
            pendingJoins.decrementAndGet();
            return false;
        }
        queue.add(new Join(socket));
        return true;
    }

    void leave(Leaving leaving) {
        queue.add(new Leave(leaving, 0));
    }

    private void write() {
        List<Object> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Object first = queue.poll(retries.isEmpty() ? 500 : 100, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, BATCH - 1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long now = System.nanoTime();
            for (var due = retries.iterator(); due.hasNext();) {
                Leave retry = due.next();
                if (retry.notBefore() - now <= 0) {
                    batch.add(retry);
                    due.remove();
                }
            }
            if (!batch.isEmpty()) {
                writeBatch(batch);
                batch.clear();
            }
        }
    }

    private void writeBatch(List<Object> batch) {
        List<LiveSocket> joining = new ArrayList<>();
        List<Leave> leaving = new ArrayList<>();
        for (Object item : batch) {
            if (item instanceof Join join) {
                joining.add(join.socket());
            } else {
                leaving.add((Leave) item);
            }
        }
        pendingJoins.addAndGet(-joining.size());
        if (!leaving.isEmpty()) {
            end(leaving);
        }
        if (!joining.isEmpty()) {
            start(joining);
        }
    }

    private void end(List<Leave> leaving) {
        try {
            Map<Integer, RuntimeException> refused = sessions.endAll(leaving.stream().map(Leave::leaving).toList());
            refused.forEach((position, cause) -> log.warn("Could not end session {}: {}",
                    leaving.get(position).leaving().sessionId(), cause.getMessage()));
        } catch (RuntimeException e) {
            log.warn("Could not end {} session(s), trying again in a second: {}", leaving.size(), e.getMessage());
            long later = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            leaving.forEach(leave -> retries.add(new Leave(leave.leaving(), later)));
        }
    }

    private void start(List<LiveSocket> joining) {
        JoinBatch written;
        try {
            written = sessions.startAll(joining.stream()
                    .map(socket -> new Joining(socket.actor, socket.workflowId, socket.connectionId)).toList(),
                    presenceLimit);
        } catch (RuntimeException e) {
            log.warn("Could not start {} session(s): {}", joining.size(), e.getMessage());
            joining.forEach(socket -> joins.failed(socket, e));
            return;
        }
        for (int i = 0; i < joining.size(); i++) {
            try {
                joins.started(joining.get(i), written, i);
            } catch (RuntimeException e) {
                log.warn("Could not welcome a socket: {}", e.getMessage());
            }
        }
    }

    /** Writes what is queued (at most five seconds more), then stops. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
