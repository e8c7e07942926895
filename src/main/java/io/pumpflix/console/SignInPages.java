package io.pumpflix.console;

import io.pumpflix.identity.Accounts;
import io.pumpflix.identity.Actor;
import io.pumpflix.identity.ConsoleSession;
import io.pumpflix.identity.SignedIn;
import io.pumpflix.identity.SignInFailedException;
import io.pumpflix.identity.TokenPurpose;
import io.pumpflix.platform.ConflictException;
import io.pumpflix.platform.InvalidInputException;
import io.pumpflix.platform.TooManyRequestsException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Signing up, in and out of the console. Sign-in is {@link Accounts#signIn} (the same password
 * check, throttling and audit as the API); its token goes into the session cookie. Before there is
 * a session, the two forms are protected by a random token kept in a cookie of their own and
 * repeated in the form, and by the origin check.
 */
@Controller
class SignInPages {

    private static final String FORM_COOKIE = "pumpflix_form";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Accounts accounts;

    SignInPages(Accounts accounts) {
        this.accounts = accounts;
    }

    @GetMapping("/")
    String home() {
        return "redirect:/workflows";
    }

    @GetMapping("/sign-in")
    String signInPage(@RequestParam(required = false) String next, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        model.addAttribute("next", safeNext(next));
        model.addAttribute("formToken", formCookie(request, response));
        return "console/sign-in";
    }

    @GetMapping("/sign-up")
    String signUpPage(HttpServletRequest request, HttpServletResponse response, Model model) {
        model.addAttribute("formToken", formCookie(request, response));
        return "console/sign-up";
    }

    @PostMapping("/sign-in")
    String signIn(@RequestParam(defaultValue = "") String email, @RequestParam(defaultValue = "") String password,
            @RequestParam(required = false) String next, HttpServletRequest request, HttpServletResponse response,
            Model model) {
        model.addAttribute("next", safeNext(next));
        model.addAttribute("email", email);
        if (!formPosted(request)) {
            return refused(request, response, model, "console/sign-in", 403,
                    "This form expired or did not come from this page. Try again.");
        }
        char[] secret = password.toCharArray();
        try {
            startSession(accounts.signIn(email, secret, request.getRemoteAddr(), TokenPurpose.CONSOLE), request, response);
            return "redirect:" + (safeNext(next) == null ? "/workflows" : safeNext(next));
        } catch (SignInFailedException e) {
            return refused(request, response, model, "console/sign-in", 401, "Wrong email or password.");
        } catch (TooManyRequestsException e) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
            return refused(request, response, model, "console/sign-in", 429,
                    "Too many failed sign-ins. Try again in " + e.retryAfterSeconds() + " seconds.");
        } catch (InvalidInputException e) {
            return refused(request, response, model, "console/sign-in", 400, e.getMessage());
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    @PostMapping("/sign-up")
    String signUp(@RequestParam(defaultValue = "") String organizationName, @RequestParam(defaultValue = "") String email,
            @RequestParam(defaultValue = "") String password, HttpServletRequest request, HttpServletResponse response,
            Model model) {
        model.addAttribute("organizationName", organizationName);
        model.addAttribute("email", email);
        if (!formPosted(request)) {
            return refused(request, response, model, "console/sign-up", 403,
                    "This form expired or did not come from this page. Try again.");
        }
        char[] secret = password.toCharArray();
        try {
            startSession(accounts.signUp(organizationName, email, secret, TokenPurpose.CONSOLE), request, response);
            return "redirect:/workflows";
        } catch (InvalidInputException | ConflictException e) {
            return refused(request, response, model, "console/sign-up", e instanceof ConflictException ? 409 : 400,
                    e.getMessage());
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    @PostMapping("/sign-out")
    String signOut(Actor actor, HttpServletRequest request, HttpServletResponse response) {
        ConsoleSession.token(request).ifPresent(token -> accounts.signOut(actor, token));
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(ConsoleSession.COOKIE, "", Duration.ZERO, request).toString());
        return "redirect:/sign-in";
    }

    private void startSession(SignedIn signedIn, HttpServletRequest request, HttpServletResponse response) {
        Duration life = Duration.between(Instant.now(), signedIn.token().expiresAt());
        response.addHeader(HttpHeaders.SET_COOKIE,
                cookie(ConsoleSession.COOKIE, signedIn.token().token(), life, request).toString());
    }

    private String refused(HttpServletRequest request, HttpServletResponse response, Model model, String view,
            int status, String message) {
        response.setStatus(status);
        model.addAttribute("error", message);
        model.addAttribute("formToken", formCookie(request, response));
        return view;
    }

    /** The form token of the sign-in forms: the browser's own random cookie, made on first sight. */
    private static String formCookie(HttpServletRequest request, HttpServletResponse response) {
        Optional<String> existing = ConsoleSession.cookie(request, FORM_COOKIE);
        if (existing.isPresent()) {
            return existing.get();
        }
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(FORM_COOKIE, value, Duration.ofDays(1), request).toString());
        return value;
    }

    private static boolean formPosted(HttpServletRequest request) {
        Optional<String> expected = ConsoleSession.cookie(request, FORM_COOKIE);
        return expected.isPresent() && ConsoleSession.sameOrigin(request)
                && ConsoleSession.matches(expected.get(), request.getParameter(ConsoleAuthentication.FORM_TOKEN));
    }

    private static ResponseCookie cookie(String name, String value, Duration life, HttpServletRequest request) {
        return ResponseCookie.from(name, value).httpOnly(true).sameSite("Strict").secure(request.isSecure()).path("/")
                .maxAge(life).build();
    }

    /** Only a path of this service: never another site, which would make sign-in an open redirect. */
    static String safeNext(String next) {
        return next != null && next.startsWith("/") && !next.startsWith("//") && !next.contains("\\") ? next : null;
    }
}
