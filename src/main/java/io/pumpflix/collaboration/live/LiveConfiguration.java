package io.pumpflix.collaboration.live;

import io.pumpflix.collaboration.CollaborationSessions;
import io.pumpflix.identity.RequestActor;
import io.pumpflix.platform.OwnerDatabase;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;
import tools.jackson.databind.json.JsonMapper;

/** The WebSocket endpoint {@code /api/v1/workflows/{workflowId}/live}, authenticated with the API's bearer token. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableWebSocket
class LiveConfiguration implements WebSocketConfigurer {

    static final String PATH = "/api/v1/workflows/{workflowId}/live";

    private final ObjectProvider<LiveSessions> live;

    LiveConfiguration(ObjectProvider<LiveSessions> live) {
        this.live = live;
    }

    @Bean
    LiveSettings liveSettings(@Value("${pumpflix.instance-id:}") String instanceId,
            @Value("${server.port:8080}") int port,
            @Value("${pumpflix.live.heartbeat-timeout:PT45S}") Duration heartbeatTimeout,
            @Value("${pumpflix.live.max-message-bytes:4096}") int maxMessageBytes,
            @Value("${pumpflix.live.messages-per-second:20}") int messagesPerSecond,
            @Value("${pumpflix.live.instance-heartbeat:PT2S}") Duration instanceHeartbeat,
            @Value("${pumpflix.live.instance-timeout:PT10S}") Duration instanceTimeout,
            @Value("${pumpflix.live.max-queued-bytes:262144}") int maxQueuedBytes,
            @Value("${pumpflix.live.send-time-limit:PT5S}") Duration sendTimeLimit,
            @Value("${pumpflix.live.max-sockets:20000}") int maxSockets,
            @Value("${pumpflix.live.max-pending-joins:10000}") int maxPendingJoins,
            @Value("${pumpflix.live.presence-window:PT0.15S}") Duration presenceWindow,
            @Value("${pumpflix.live.presence-limit:100}") int presenceLimit,
            @Value("${pumpflix.live.publish-linger:PT0.02S}") Duration publishLinger,
            @Value("${pumpflix.live.run-events-per-second:200}") int runEventsPerSecond) {
        String id = instanceId;
        if (id == null || id.isBlank()) {
            id = port == 0 ? UUID.randomUUID().toString() : hostName() + "-" + port;
        }
        return new LiveSettings(id, heartbeatTimeout, maxMessageBytes, messagesPerSecond, instanceHeartbeat,
                instanceTimeout, maxQueuedBytes, sendTimeLimit, maxSockets, maxPendingJoins, presenceWindow,
                presenceLimit, publishLinger, runEventsPerSecond);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    @Bean
    LiveSessions liveSessions(CollaborationSessions sessions, OwnerDatabase owner,
            @Qualifier("liveDataSource") DataSource liveDataSource, JsonMapper json, LiveSettings settings,
            MeterRegistry metrics) {
        return new LiveSessions(sessions, owner, liveDataSource, json, settings, metrics);
    }

    /**
     * Every open socket keeps Tomcat's buffers for its whole life, so they are sized for what a
     * socket carries: messages above the relay limit by more than 1,024 characters close the socket
     * (1009) before they are buffered whole (up to that, they get an error message).
     */
    @Bean
    ServletServerContainerFactoryBean webSocketContainer(
            @Value("${pumpflix.live.max-message-bytes:4096}") int maxMessageBytes) {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(maxMessageBytes + 1024);
        container.setMaxBinaryMessageBufferSize(256);
        return container;
    }

    /**
     * Tomcat's per-connection read and write buffers at 4 KiB instead of 8 KiB: with 10,000 open
     * sockets that is 80 MB less heap; requests and answers larger than that are streamed as before.
     */
    @Bean
    TomcatConnectorCustomizer smallConnectionBuffers() {
        return connector -> {
            connector.setProperty("socket.appReadBufSize", "4096");
            connector.setProperty("socket.appWriteBufSize", "4096");
        };
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(live.getObject(), PATH).addInterceptors(new ActorHandshake()).setAllowedOriginPatterns("*");
    }

    /** Carries the authenticated actor and the workflow id from the handshake into the socket. */
    private static final class ActorHandshake implements HandshakeInterceptor {

        @Override
        public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                Map<String, Object> attributes) {
            HttpServletRequest servlet = ((ServletServerHttpRequest) request).getServletRequest();
            var actor = RequestActor.of(servlet);
            String[] segments = servlet.getRequestURI().split("/");
            UUID workflowId;
            try {
                workflowId = UUID.fromString(segments[segments.length - 2]);
            } catch (IllegalArgumentException e) {
                response.setStatusCode(HttpStatus.BAD_REQUEST);
                return false;
            }
            if (actor.isEmpty()) {
                response.setStatusCode(HttpStatus.UNAUTHORIZED);
                return false;
            }
            attributes.put(LiveSessions.ACTOR, actor.get());
            attributes.put(LiveSessions.WORKFLOW, workflowId);
            return true;
        }

        @Override
        public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                Exception exception) {
        }
    }
}
