package io.pumpflix.api;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * A light live-channel client for many sockets at once, on Tomcat's WebSocket client (the JDK's
 * client fails some fragmented messages under load with "Invalid UTF-8 in frame CONTINUATION"):
 * it keeps only the welcome's session id and how the socket was closed, and answers nothing.
 */
final class CrowdClient extends Endpoint {

    static final WebSocketContainer CONTAINER = ContainerProvider.getWebSocketContainer();
    private static final java.util.concurrent.ExecutorService CONNECTING = java.util.concurrent.Executors.newFixedThreadPool(64,
            runnable -> {
                Thread thread = new Thread(runnable, "crowd-connect");
                thread.setDaemon(true);
                return thread;
            });

    final CompletableFuture<String> welcomed = new CompletableFuture<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private volatile Session session;

    /** Connects on a thread of the common pool; completes when the handshake is answered. */
    static CompletableFuture<CrowdClient> open(int port, UUID workflow, String token) {
        return CompletableFuture.supplyAsync(() -> {
            CrowdClient client = new CrowdClient();
            ClientEndpointConfig config = ClientEndpointConfig.Builder.create()
                    .configurator(new ClientEndpointConfig.Configurator() {
                        @Override
                        public void beforeRequest(Map<String, List<String>> headers) {
                            headers.put("Authorization", List.of("Bearer " + token));
                        }
                    }).build();
            try {
                CONTAINER.connectToServer(client, config,
                        URI.create("ws://localhost:" + port + "/api/v1/workflows/" + workflow + "/live"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return client;
        }, CONNECTING);
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        this.session = session;
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
            if (!welcomed.isDone() && text.startsWith("{\"type\":\"welcome\"")) {
                welcomed.complete(ApiClient.JSON.readTree(text).path("sessionId").asString());
            }
        });
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        closed.complete(reason.getCloseCode().getCode());
        welcomed.completeExceptionally(new IllegalStateException("closed with " + reason));
    }

    @Override
    public void onError(Session session, Throwable error) {
        closed.completeExceptionally(error);
        welcomed.completeExceptionally(error);
    }

    void heartbeat() {
        Session current = session;
        if (current != null && current.isOpen()) {
            try {
                current.getAsyncRemote().sendText("{\"type\":\"heartbeat\"}");
            } catch (IllegalStateException stillSending) {
                // the previous heartbeat is still on its way
            }
        }
    }

    void close() throws Exception {
        session.close();
    }
}
