package io.pumpflix.identity.web;

import io.pumpflix.identity.Actor;
import io.pumpflix.identity.Accounts;
import io.pumpflix.identity.ConsoleSession;
import io.pumpflix.identity.RequestActor;
import io.pumpflix.identity.TokenPurpose;
import io.pumpflix.platform.DatabaseUnavailableException;
import io.pumpflix.platform.ProblemResponses;
import io.pumpflix.platform.TooManyRequestsException;
import io.pumpflix.platform.TenantRequests;
import io.pumpflix.platform.TenantScope;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Every {@code /api/v1} request but signing up and in carries a bearer token. The request then
 * runs in one transaction for the token's organization ({@link TenantScope}), rolled back when
 * the answer is an error, and handlers receive the {@link Actor} as a parameter.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class Authentication extends OncePerRequestFilter implements HandlerMethodArgumentResolver {

    private static final Set<String> OPEN = Set.of("/api/v1/auth/sign-up", "/api/v1/auth/sign-in");

    private final Accounts accounts;
    private final TenantScope tenants;
    private final ProblemResponses problems;

    Authentication(Accounts accounts, TenantScope tenants, ProblemResponses problems) {
        this.accounts = accounts;
        this.tenants = tenants;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !path.startsWith("/api/v1/") || OPEN.contains(path);
    }

    /**
     * The token of the {@code Authorization: Bearer} header; a WebSocket handshake from a browser,
     * which cannot set headers, may pass it as {@code access_token} instead.
     */
    static Optional<String> bearer(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(header.substring(7).strip());
        }
        if (request.getRequestURI().endsWith("/live")) {
            return Optional.ofNullable(request.getParameter("access_token"));
        }
        return Optional.empty();
    }

    /**
     * The member of a console page's live socket: the console's session cookie (which its script
     * cannot read, being HttpOnly), taken only from a page of this service's own origin.
     */
    private Optional<Actor> consoleSocket(HttpServletRequest request) {
        if (!request.getRequestURI().endsWith("/live") || !ConsoleSession.sameOrigin(request)) {
            return Optional.empty();
        }
        return ConsoleSession.token(request).flatMap(token -> accounts.authenticate(token, TokenPurpose.CONSOLE));
    }

    /** An answer that waits (a run with ?wait=true) is written on an async dispatch, then released. */
    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (isAsyncDispatch(request)) {
            chain.doFilter(request, response);
            TenantRequests.release(request, response);
            return;
        }
        try {
            authenticated(request, response, chain);
        } catch (RuntimeException e) {
            if (!DatabaseUnavailableException.isUnavailability(e) || response.isCommitted()) {
                throw e;
            }
            response.resetBuffer();
            problems.unavailable(response);
        }
    }

    private void authenticated(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<Actor> actor = bearer(request).flatMap(accounts::authenticate).or(() -> consoleSocket(request));
        if (actor.isEmpty()) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            problems.write(response, HttpStatus.UNAUTHORIZED,
                    "a valid bearer token is required (POST /api/v1/auth/sign-in)");
            return;
        }
        try {
            accounts.admit(actor.get());
        } catch (TooManyRequestsException e) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
            problems.write(response, HttpStatus.TOO_MANY_REQUESTS, e.getMessage());
            return;
        }
        RequestActor.attach(request, actor.get());
        if (request.getRequestURI().endsWith("/live")) {
            // A WebSocket upgrade does no database work and writes nothing: it needs no tenant
            // transaction, and a thousand sockets joining take no request connection.
            chain.doFilter(request, response);
            return;
        }
        TenantRequests.run(tenants, actor.get().organizationId(), actor.get().userId(), request, response, chain);
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Actor.class;
    }

    @Override
    public Actor resolveArgument(MethodParameter parameter, ModelAndViewContainer container, NativeWebRequest request,
            WebDataBinderFactory binderFactory) {
        return RequestActor.of(request.getNativeRequest(HttpServletRequest.class)).orElseThrow(
                () -> new io.pumpflix.platform.UnauthenticatedException("a valid bearer token is required"));
    }
}
