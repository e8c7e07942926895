package io.pumpflix.console;

import io.pumpflix.identity.AccessPolicy;
import io.pumpflix.identity.Action;
import io.pumpflix.identity.Actor;
import io.pumpflix.identity.RequestActor;
import io.pumpflix.platform.ConflictException;
import io.pumpflix.platform.InvalidInputException;
import io.pumpflix.platform.NotAllowedException;
import io.pumpflix.platform.NotFoundException;
import io.pumpflix.platform.NotMemberException;
import io.pumpflix.platform.QuotaExceededException;
import io.pumpflix.platform.TooManyRequestsException;
import io.pumpflix.platform.UnauthenticatedException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.util.HtmlUtils;

/**
 * What every console page has: the signed-in member's rights (buttons are shown only for what the
 * role allows; the door decides either way), the form token, and error pages instead of the API's
 * problem documents. Another organization's object is "not found", as over the API.
 */
@ControllerAdvice(basePackageClasses = ConsolePages.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsolePages {

    static final String FORM_TOKEN_ATTRIBUTE = ConsolePages.class.getName() + ".formToken";

    /** What the layout needs: who is signed in and what their role may do. */
    record Viewer(String role, boolean canCreate, boolean canRun, boolean canEditAny, boolean canManageCredentials,
            boolean canManageMembers, boolean canReadAudit, boolean canReadInvoices, boolean canPublish) {

        static Viewer of(Actor actor) {
            return new Viewer(actor.role().dbValue(), AccessPolicy.allows(actor, Action.CREATE_WORKFLOW),
                    AccessPolicy.allows(actor, Action.LOG_EXECUTION), AccessPolicy.allows(actor, Action.EDIT_ANY_WORKFLOW),
                    AccessPolicy.allows(actor, Action.MANAGE_CREDENTIALS),
                    AccessPolicy.allows(actor, Action.MANAGE_MEMBERS), AccessPolicy.allows(actor, Action.READ_AUDIT),
                    AccessPolicy.allows(actor, Action.READ_INVOICES), AccessPolicy.allows(actor, Action.PUBLISH_TEMPLATE));
        }
    }

    @ModelAttribute
    void common(HttpServletRequest request, Model model) {
        Optional<Actor> actor = RequestActor.of(request);
        actor.ifPresent(a -> {
            model.addAttribute("viewer", Viewer.of(a));
            model.addAttribute("viewerId", a.userId());
        });
        model.addAttribute("formToken", request.getAttribute(FORM_TOKEN_ATTRIBUTE));
        model.addAttribute("path", request.getRequestURI());
    }

    @ExceptionHandler({NotFoundException.class, NotMemberException.class, MethodArgumentTypeMismatchException.class})
    String notFound(HttpServletRequest request, HttpServletResponse response, Model model) {
        return error(request, response, model, HttpStatus.NOT_FOUND, "Not found",
                "There is nothing here, or it belongs to another organization.");
    }

    @ExceptionHandler(NotAllowedException.class)
    String forbidden(NotAllowedException e, HttpServletRequest request, HttpServletResponse response, Model model) {
        return error(request, response, model, HttpStatus.FORBIDDEN, "Not allowed", e.getMessage());
    }

    @ExceptionHandler({ConflictException.class, InvalidInputException.class, QuotaExceededException.class})
    String refused(RuntimeException e, HttpServletRequest request, HttpServletResponse response, Model model) {
        HttpStatus status = e instanceof ConflictException ? HttpStatus.CONFLICT
                : e instanceof QuotaExceededException ? HttpStatus.PAYMENT_REQUIRED : HttpStatus.BAD_REQUEST;
        return error(request, response, model, status, "Refused", e.getMessage());
    }

    @ExceptionHandler(TooManyRequestsException.class)
    String tooMany(TooManyRequestsException e, HttpServletRequest request, HttpServletResponse response, Model model) {
        response.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
        return error(request, response, model, HttpStatus.TOO_MANY_REQUESTS, "Too many requests", e.getMessage());
    }

    @ExceptionHandler(UnauthenticatedException.class)
    String unauthenticated(HttpServletResponse response) {
        response.setStatus(HttpStatus.SEE_OTHER.value());
        return "redirect:/sign-in";
    }

    /** An error page; an exception handler's model is new, so it gets what every page has first. */
    private String error(HttpServletRequest request, HttpServletResponse response, Model model,
            HttpStatus status, String title, String message) {
        response.setStatus(status.value());
        common(request, model);
        model.addAttribute("heading", title);
        model.addAttribute("message", message);
        model.addAttribute("status", status.value());
        return "console/error";
    }

    /** A page written by a filter, before any view: a status and one escaped sentence. */
    static void plainError(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        byte[] body = ("<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>PumpFlix</title>"
                + "<link rel=\"stylesheet\" href=\"/console/console.css\"><main class=\"narrow\"><h1>" + status
                + "</h1><p>" + HtmlUtils.htmlEscape(message) + "</p><p><a href=\"/workflows\">Back to the console</a></p></main>")
                .getBytes(StandardCharsets.UTF_8);
        response.getOutputStream().write(body);
    }
}
