package io.pumpflix.console;

import io.pumpflix.identity.Accounts;
import io.pumpflix.identity.Actor;
import io.pumpflix.identity.ConsoleSession;
import io.pumpflix.identity.RequestActor;
import io.pumpflix.identity.TokenPurpose;
import io.pumpflix.platform.DatabaseUnavailableException;
import io.pumpflix.platform.TenantRequests;
import io.pumpflix.platform.TenantScope;
import io.pumpflix.platform.TooManyRequestsException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The console's pages are for signed-in members: the session cookie names the member, each page
 * runs in one transaction of the member's organization like an API call ({@link TenantRequests}),
 * with the API's request rate per member. Without a valid session a page redirects to sign-in. A
 * form post must come from this service's own pages: same origin, and the session's form token.
 * Every console page, signed in or not, carries a content security policy and is not cached.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class ConsoleAuthentication extends OncePerRequestFilter {

    /** The console's signed-in pages; sign-in, sign-up and the static files are open. */
    static final List<String> PAGES = List.of("/workflows", "/executions", "/usage", "/invoices", "/credentials",
            "/marketplace", "/members", "/prompts", "/audit", "/sign-out");

    static final List<String> OPEN = List.of("/sign-in", "/sign-up");

    static final String FORM_TOKEN = "_csrf";

    /**
     * Only this service's own files, no inline script, no framing (no clickjacking), forms that post
     * only here; the live socket is 'self' too.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none';"
            + " object-src 'none'";

    private final Accounts accounts;
    private final TenantScope tenants;

    ConsoleAuthentication(Accounts accounts, TenantScope tenants) {
        this.accounts = accounts;
        this.tenants = tenants;
    }

    static boolean isPage(String path) {
        return path.equals("/") || PAGES.stream().anyMatch(page -> path.equals(page) || path.startsWith(page + "/"));
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = path(request);
        return !isPage(path) && !OPEN.contains(path);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "same-origin");
        // pages of one member's organization: never kept by a browser or a proxy
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        try {
            page(request, response, chain);
        } catch (RuntimeException e) {
            if (!DatabaseUnavailableException.isUnavailability(e) || response.isCommitted()) {
                throw e;
            }
            response.resetBuffer();
            response.setHeader(HttpHeaders.RETRY_AFTER, Integer.toString(DatabaseUnavailableException.RETRY_AFTER_SECONDS));
            ConsolePages.plainError(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    "The database is unavailable; try again in a few seconds.");
        }
    }

    private void page(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (OPEN.contains(path(request))) {
            chain.doFilter(request, response);
            return;
        }
        Optional<String> token = ConsoleSession.token(request);
        Optional<Actor> actor = token.flatMap(t -> accounts.authenticate(t, TokenPurpose.CONSOLE));
        if (actor.isEmpty()) {
            String next = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
            response.setStatus(HttpServletResponse.SC_SEE_OTHER);
            response.setHeader(HttpHeaders.LOCATION, "/sign-in" + ("GET".equals(request.getMethod()) && !next.equals("/")
                    ? "?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8) : ""));
            return;
        }
        String formToken = ConsoleSession.formToken(token.get());
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())
                && !(ConsoleSession.sameOrigin(request) && ConsoleSession.matches(formToken, request.getParameter(FORM_TOKEN)))) {
            ConsolePages.plainError(response, HttpServletResponse.SC_FORBIDDEN,
                    "This form did not come from this console's own page (or the page is older than your sign-in). Go back, reload and try again.");
            return;
        }
        try {
            accounts.admit(actor.get());
        } catch (TooManyRequestsException e) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
            ConsolePages.plainError(response, 429, e.getMessage() + " Try again in " + e.retryAfterSeconds() + " s.");
            return;
        }
        RequestActor.attach(request, actor.get());
        request.setAttribute(ConsolePages.FORM_TOKEN_ATTRIBUTE, formToken);
        TenantRequests.run(tenants, actor.get().organizationId(), actor.get().userId(), request, response, chain);
    }
}
