package io.pumpflix.engine.outbound;

import java.net.UnknownHostException;

/**
 * An outbound request aimed at an address the rules forbid, refused before any connection is
 * made. An {@link UnknownHostException} so that the HTTP client stops exactly where it would for a
 * name that does not resolve.
 */
public final class OutboundRefused extends UnknownHostException {

    public OutboundRefused(String message) {
        super(message);
    }
}
