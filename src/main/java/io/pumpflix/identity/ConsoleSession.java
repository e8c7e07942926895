package io.pumpflix.identity;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;

/**
 * The web console's sign-in: a token from {@link Accounts#signIn} for {@link TokenPurpose#CONSOLE},
 * carried in an HttpOnly, SameSite=Strict cookie instead of an {@code Authorization} header. The
 * API never reads this cookie and takes no console token as a bearer token (a cross-site page
 * cannot make the API act for a signed-in browser); console pages and the console's live socket
 * do, and only for requests from the service's own origin.
 */
public final class ConsoleSession {

    public static final String COOKIE = "pumpflix_session";

    private ConsoleSession() {
    }

    /** The session token of the request's cookie, if it has one. */
    public static Optional<String> token(HttpServletRequest request) {
        return cookie(request, COOKIE);
    }

    /** The value of the request's cookie of that name, if it has one that is not blank. */
    public static Optional<String> cookie(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie cookie : cookies) {
            if (name.equals(cookie.getName()) && !cookie.getValue().isBlank()) {
                return Optional.of(cookie.getValue());
            }
        }
        return Optional.empty();
    }

    /**
     * Whether the request comes from a page of this service: its {@code Origin} (which browsers send
     * with every form post and WebSocket handshake), if any, names the host the request was sent to.
     */
    public static boolean sameOrigin(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return true;
        }
        String host = request.getHeader("Host");
        try {
            return host != null && host.equalsIgnoreCase(URI.create(origin).getRawAuthority());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The anti-forgery token of a session's forms: a digest of the session token, which a page of
     * another site can neither read nor compute, the same on every instance.
     */
    public static String formToken(String sessionToken) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("pumpflix-console-form:" + sessionToken).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compares two tokens in time that does not depend on where they differ. */
    public static boolean matches(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }
}
