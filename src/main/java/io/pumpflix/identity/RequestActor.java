package io.pumpflix.identity;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/** The actor that authentication attached to an HTTP request (also to a WebSocket handshake). */
public final class RequestActor {

    static final String ATTRIBUTE = RequestActor.class.getName();

    private RequestActor() {
    }

    public static Optional<Actor> of(HttpServletRequest request) {
        return Optional.ofNullable((Actor) request.getAttribute(ATTRIBUTE));
    }

    public static void attach(HttpServletRequest request, Actor actor) {
        request.setAttribute(ATTRIBUTE, actor);
    }
}
