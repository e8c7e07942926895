package io.pumpflix;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A real HTTP server on 127.0.0.1 for the outbound calls of workflows under test: one per test JVM,
 * each test on paths of its own. Nothing leaves the machine.
 */
public final class LoopbackServer {

    /** What the server received. */
    public record Request(String method, String path, String query, Map<String, String> headers, String body) {
    }

    /** What it answers; {@code delayMillis} before answering. */
    public record Reply(int status, Map<String, String> headers, String body, long delayMillis) {

        public static Reply json(String body) {
            return new Reply(200, Map.of("Content-Type", "application/json"), body, 0);
        }

        public static Reply status(int status, String body) {
            return new Reply(status, Map.of("Content-Type", "text/plain"), body, 0);
        }
    }

    public static final LoopbackServer SHARED = new LoopbackServer();

    private final HttpServer server;
    private final Map<String, Function<Request, Reply>> handlers = new ConcurrentHashMap<>();
    private final Map<String, List<Request>> received = new ConcurrentHashMap<>();

    private LoopbackServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "loopback-server");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** A fresh path prefix for one test, so tests never see each other's requests. */
    public static String freshPath() {
        return "/t/" + UUID.randomUUID();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    public void on(String path, Function<Request, Reply> handler) {
        handlers.put(path, handler);
    }

    public List<Request> received(String path) {
        return received.getOrDefault(path, List.of());
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), String.join(",", values)));
        Request request = new Request(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(), headers,
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        received.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(request);
        Function<Request, Reply> handler = handlers.get(path);
        Reply reply = handler == null ? Reply.status(404, "no handler for " + path) : handler.apply(request);
        if (reply.delayMillis() > 0) {
            try {
                Thread.sleep(reply.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
        try {
            exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
        } catch (IOException gone) {
            // the client went away (a cancelled or timed-out request)
        } finally {
            exchange.close();
        }
    }

    /** Echo of the request as JSON: method, headers, query and body as text. */
    public static Reply echo(Request request) {
        Map<String, Object> echo = new LinkedHashMap<>();
        echo.put("method", request.method());
        echo.put("headers", request.headers());
        echo.put("query", request.query());
        echo.put("body", request.body());
        return Reply.json(tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(echo));
    }

    /** Every request path received so far (for "nothing else was called"). */
    public List<String> paths() {
        return Collections.unmodifiableList(new ArrayList<>(received.keySet()));
    }
}
