package io.pumpflix.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
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
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    public WebSocket socket;

    public static LiveClient connect(int port, UUID workflow, String token) {
        LiveClient client = new LiveClient();
        client.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .buildAsync(URI.create("ws://localhost:" + port + "/api/v1/workflows/" + workflow + "/live"), client)
                .join();
        return client;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            messages.add(ApiClient.JSON.readTree(partial.toString()));
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
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

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    public int closeCode() throws Exception {
        return closed.get(10, TimeUnit.SECONDS);
    }
}
