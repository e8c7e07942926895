package io.pumpflix.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/** A WebSocket client of a workflow's live channel that queues what it receives and how it was closed. */
public final class LiveClient implements WebSocket.Listener {
    public final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    public final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    public WebSocket socket;
    /** Who this client sees on the workflow: the welcome's list, then each presence change applied. */
    private final Set<String> view = new HashSet<>();
    public final CompletableFuture<String> welcomed = new CompletableFuture<>();
    private final boolean keep;

    private LiveClient(boolean keep) {
        this.keep = keep;
    }

    public static LiveClient connect(int port, UUID workflow, String token) {
        LiveClient client = new LiveClient(true);
        client.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .buildAsync(URI.create("ws://localhost:" + port + "/api/v1/workflows/" + workflow + "/live"), client)
                .join();
        return client;
    }

    /**
     * Opens a socket through a shared client without waiting; {@code keep} false: messages are not
     * queued (only the welcome, the view and the time of receipt are kept), for many clients at once.
     */
    public static CompletableFuture<LiveClient> open(HttpClient http, int port, UUID workflow, String token,
            boolean keep) {
        LiveClient client = new LiveClient(keep);
        return http.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                .buildAsync(URI.create("ws://localhost:" + port + "/api/v1/workflows/" + workflow + "/live"), client)
                .thenApply(socket -> {
                    client.socket = socket;
                    return client;
                });
    }

    public final BlockingQueue<Long> received = new LinkedBlockingQueue<>();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            JsonNode frame = ApiClient.JSON.readTree(partial.toString());
            partial.setLength(0);
            // a frame holds one message, or an array of them when several arrived at once
            for (JsonNode message : frame.isArray() ? frame : List.of(frame)) {
                apply(message);
                if (keep) {
                    messages.add(message);
                } else if (message.path("type").asString().equals("relay")) {
                    received.add(System.nanoTime() - message.path("data").path("t").asLong());
                }
            }
        }
        webSocket.request(1);
        return null;
    }

    private synchronized void apply(JsonNode message) {
        switch (message.path("type").asString()) {
            case "welcome" -> {
                view.clear();
                message.path("present").forEach(entry -> view.add(entry.path("sessionId").asString()));
                welcomed.complete(message.path("sessionId").asString());
            }
            case "presence" -> {
                message.path("joined").forEach(entry -> view.add(entry.path("sessionId").asString()));
                message.path("left").forEach(entry -> view.remove(entry.path("sessionId").asString()));
            }
            default -> {
            }
        }
    }

    public synchronized Set<String> view() {
        return new HashSet<>(view);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        welcomed.completeExceptionally(new IllegalStateException("closed with " + statusCode + " " + reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    public JsonNode next(String type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            JsonNode message = messages.poll(200, TimeUnit.MILLISECONDS);
            if (message != null && message.path("type").asString().equals(type)) {
                return message;
            }
        }
        throw new AssertionError("no '" + type + "' message within 10 seconds");
    }

    /** The next presence message that names the session as joined (or as left). */
    public JsonNode presence(String change, String sessionId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            JsonNode message = messages.poll(200, TimeUnit.MILLISECONDS);
            if (message != null && message.path("type").asString().equals("presence")) {
                for (JsonNode entry : message.path(change)) {
                    if (entry.path("sessionId").asString().equals(sessionId)) {
                        return entry;
                    }
                }
            }
        }
        throw new AssertionError("no presence message with " + sessionId + " " + change + " within 10 seconds");
    }

    /**
     * Sends a heartbeat every second to each client until closed (the tests' service closes a
     * socket silent for 3 s); nothing else may send on them meanwhile.
     */
    public static AutoCloseable heartbeats(java.util.Collection<LiveClient> clients) {
        java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        java.util.Map<LiveClient, CompletableFuture<?>> sending = new java.util.concurrent.ConcurrentHashMap<>();
        timer.scheduleWithFixedDelay(() -> {
            for (LiveClient client : List.copyOf(clients)) {
                CompletableFuture<?> previous = sending.get(client);
                if (previous == null || previous.isDone()) {
                    try {
                        sending.put(client, client.socket.sendText("{\"type\":\"heartbeat\"}", true));
                    } catch (RuntimeException closedOrBusy) {
                        // a client that has gone needs none
                    }
                }
            }
        }, 0, 1, TimeUnit.SECONDS);
        return () -> {
            timer.shutdown();
            timer.awaitTermination(10, TimeUnit.SECONDS);
            for (CompletableFuture<?> last : sending.values()) {
                try {
                    last.get(5, TimeUnit.SECONDS);
                } catch (Exception closed) {
                    // nothing more to wait for
                }
            }
        };
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    public int closeCode() throws Exception {
        return closed.get(10, TimeUnit.SECONDS);
    }
}
