package io.pumpflix.engine.node;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Outbound HTTP for nodes: every address reached is judged first (docs/engine.md, "Outbound rules"). */
public interface OutboundCalls {

    /** An answer: status, headers (lowercase names, first value) and the body as text. */
    record Response(int statusCode, Map<String, String> headers, String body) {
    }

    /**
     * Sends a request and reads the answer, following up to five redirects (each new address
     * judged again). Throws {@link NodeFailure} for a refused address, a timeout, an answer too
     * large or a connection that failed.
     */
    Response send(String method, String url, Map<String, List<String>> headers, String body, String contentType,
            Duration timeout);
}
