package io.pumpflix.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import org.springframework.web.util.ContentCachingResponseWrapper;
import org.springframework.web.util.WebUtils;

/**
 * The one way an HTTP request (an API call or a console page) runs for a signed-in member: in one
 * transaction of the member's organization ({@link TenantScope#runRequest}), rolled back when the
 * answer is an error, with the answer held back until the transaction has committed, so that a
 * client never sees success for a write that did not land.
 */
public final class TenantRequests {

    private TenantRequests() {
    }

    public static void run(TenantScope tenants, UUID organizationId, UUID userId, HttpServletRequest request,
            HttpServletResponse response, FilterChain chain) throws IOException, ServletException {
        HttpServletResponse held = new ContentCachingResponseWrapper(response);
        Exception[] failure = new Exception[1];
        tenants.runRequest(organizationId, userId, () -> {
            try {
                chain.doFilter(request, held);
            } catch (IOException | ServletException e) {
                failure[0] = e;
            }
        }, () -> failure[0] != null || held.getStatus() >= 400);
        if (failure[0] instanceof IOException io) {
            throw io;
        }
        if (failure[0] instanceof ServletException servlet) {
            throw servlet;
        }
        release(request, held);
    }

    /** Sends the held answer, unless the handler went on asynchronously (it is sent at the end of that). */
    public static void release(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.isAsyncStarted()) {
            return;
        }
        ContentCachingResponseWrapper cached = WebUtils.getNativeResponse(response, ContentCachingResponseWrapper.class);
        if (cached != null) {
            cached.copyBodyToResponse();
        }
    }
}
