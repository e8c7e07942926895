package io.pumpflix.engine.outbound;

import io.pumpflix.engine.node.NodeFailure;
import io.pumpflix.engine.node.OutboundCalls;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * Outbound HTTP on Apache HttpClient 5 (pooled connections, real timeouts), whose every
 * connection goes through our DNS resolver: it resolves the name, judges each address with
 * {@link OutboundPolicy} for the port of the request, and refuses before any connection is made.
 * Redirects are followed here, up to five, so each new address is judged again; a name that
 * resolves differently the next time is judged again too.
 */
public final class OutboundHttp implements OutboundCalls, AutoCloseable {

    private static final int MAX_REDIRECTS = 5;
    private static final ThreadLocal<Integer> PORT = new ThreadLocal<>();

    private final OutboundPolicy policy;
    private final long maxResponseBytes;
    /** Made at the first call (its TLS trust material costs start-up time a service that never calls out would waste). */
    private volatile CloseableHttpClient client;
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "outbound-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    public OutboundHttp(OutboundPolicy policy, long maxResponseBytes) {
        this.policy = policy;
        this.maxResponseBytes = maxResponseBytes;
    }

    private CloseableHttpClient client() {
        CloseableHttpClient made = client;
        if (made != null) {
            return made;
        }
        synchronized (this) {
            if (client == null) {
                client = build();
            }
            return client;
        }
    }

    private CloseableHttpClient build() {
        DnsResolver judged = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                InetAddress[] addresses = SystemDefaultDnsResolver.INSTANCE.resolve(host);
                Integer port = PORT.get();
                for (InetAddress address : addresses) {
                    policy.judge(host, address, port == null ? -1 : port);
                }
                return addresses;
            }

            @Override
            public String resolveCanonicalHostname(String host) throws UnknownHostException {
                return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
            }
        };
        PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(judged)
                .setMaxConnTotal(200)
                .setMaxConnPerRoute(50)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofSeconds(10))
                        .setTimeToLive(Timeout.ofMinutes(5))
                        .build())
                .build();
        return HttpClients.custom()
                .setConnectionManager(connections)
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAutomaticRetries()
                .disableAuthCaching()
                .setUserAgent("PumpFlix")
                .build();
    }

    /** Judges a URL's address as the client will, without sending anything (for checks at commit). */
    public void judge(String url) throws OutboundRefused {
        URI uri = uri(url);
        try {
            for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
                policy.judge(uri.getHost(), address, port(uri));
            }
        } catch (OutboundRefused refused) {
            throw refused;
        } catch (UnknownHostException e) {
            throw new NodeFailure("url", "url: host " + uri.getHost() + " does not resolve", true);
        }
    }

    @Override
    public Response send(String method, String url, Map<String, List<String>> headers, String body, String contentType,
            Duration timeout) {
        URI uri = uri(url);
        long deadline = System.nanoTime() + timeout.toNanos();
        String currentMethod = method.toUpperCase(Locale.ROOT);
        String currentBody = body;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
            Response response = once(currentMethod, uri, headers, currentBody, contentType, left);
            String location = response.headers().get("location");
            if (!isRedirect(response.statusCode()) || location == null) {
                return response;
            }
            uri = uri.resolve(location);
            uri(uri.toString());
            if (response.statusCode() == 303 || ((response.statusCode() == 301 || response.statusCode() == 302)
                    && currentMethod.equals("POST"))) {
                currentMethod = "GET";
                currentBody = null;
            }
        }
        throw new NodeFailure("url", "url: more than " + MAX_REDIRECTS + " redirects", false);
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private Response once(String method, URI uri, Map<String, List<String>> headers, String body, String contentType,
            Duration timeout) {
        HttpUriRequestBase request = new HttpUriRequestBase(method, uri);
        headers.forEach((name, values) -> values.forEach(value -> request.addHeader(name, value)));
        if (body != null) {
            request.setEntity(new StringEntity(body, ContentType.parse(contentType)));
        }
        HttpClientContext context = HttpClientContext.create();
        Timeout limit = Timeout.ofMilliseconds(Math.max(1, timeout.toMillis()));
        context.setRequestConfig(RequestConfig.custom().setResponseTimeout(limit).setConnectionRequestTimeout(limit)
                .build());
        ScheduledFuture<?> abort = deadlines.schedule(request::cancel, timeout.toMillis(), TimeUnit.MILLISECONDS);
        PORT.set(port(uri));
        try {
            return client().execute(request, context, answer -> {
                Map<String, String> answerHeaders = new LinkedHashMap<>();
                for (Header header : answer.getHeaders()) {
                    answerHeaders.putIfAbsent(header.getName().toLowerCase(Locale.ROOT), header.getValue());
                }
                return new Response(answer.getCode(), answerHeaders, read(answer.getEntity()));
            });
        } catch (OutboundRefused refused) {
            throw new NodeFailure("url", "url: " + refused.getMessage(), false);
        } catch (UnknownHostException e) {
            throw new NodeFailure("url", "url: host " + uri.getHost() + " does not resolve", true);
        } catch (InterruptedIOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new NodeFailure("url", "url: the run was stopped while waiting for " + uri.getHost(), false);
            }
            throw new NodeFailure("url", "url: no answer from " + uri.getHost() + " within " + timeout.toMillis() + " ms",
                    true);
        } catch (IOException e) {
            if (request.isCancelled()) {
                throw new NodeFailure("url", "url: no answer from " + uri.getHost() + " within " + timeout.toMillis()
                        + " ms", true);
            }
            throw new NodeFailure("url", "url: request to " + uri.getHost() + " failed: " + e.getMessage(), true);
        } finally {
            PORT.remove();
            abort.cancel(false);
        }
    }

    private String read(HttpEntity entity) throws IOException {
        if (entity == null) {
            return "";
        }
        try (InputStream in = entity.getContent()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxResponseBytes + 1));
            if (bytes.length > maxResponseBytes) {
                throw new NodeFailure("url", "url: the answer is larger than " + maxResponseBytes + " bytes", false);
            }
            Charset charset = StandardCharsets.UTF_8;
            ContentType type = ContentType.parseLenient(entity.getContentType());
            if (type != null && type.getCharset() != null) {
                charset = type.getCharset();
            }
            return new String(bytes, charset);
        }
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    static URI uri(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new NodeFailure("url", "url: not a URL: " + e.getMessage(), false);
        }
        if (uri.getScheme() == null || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))) {
            throw new NodeFailure("url", "url: must be an http or https URL, got " + url, false);
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new NodeFailure("url", "url: has no host: " + url, false);
        }
        return uri;
    }

    @Override
    public void close() throws IOException {
        deadlines.shutdownNow();
        CloseableHttpClient made = client;
        if (made != null) {
            made.close();
        }
    }
}
