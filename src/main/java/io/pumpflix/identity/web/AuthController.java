package io.pumpflix.identity.web;

import io.pumpflix.identity.Accounts;
import io.pumpflix.identity.Actor;
import io.pumpflix.identity.ApiTokens;
import io.pumpflix.identity.IssuedToken;
import io.pumpflix.identity.SignInFailedException;
import io.pumpflix.identity.SignInThrottle;
import io.pumpflix.platform.Check;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/auth")
@Tag(name = "Sign-in")
class AuthController {

    private final Accounts accounts;
    private final ApiTokens tokens;
    private final SignInThrottle throttle;

    AuthController(Accounts accounts, ApiTokens tokens, SignInThrottle throttle) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.throttle = throttle;
    }

    record SignUpRequest(String organizationName, String email, String password) {
    }

    record SignInRequest(String email, String password) {
    }

    record Session(String token, Instant expiresAt, UUID userId, UUID organizationId, String role) {

        static Session of(IssuedToken token, Actor actor) {
            return new Session(token.token(), token.expiresAt(), actor.userId(), actor.organizationId(),
                    actor.role().dbValue());
        }
    }

    @PostMapping("/sign-up")
    @ResponseStatus(HttpStatus.CREATED)
    @SecurityRequirements
    @Operation(operationId = "signUp", summary = "Create an organization and its owner, and sign in")
    Session signUp(@RequestBody SignUpRequest request) {
        Actor owner = accounts.signUp(Check.text(request.organizationName(), "organizationName", 200),
                Check.text(request.email(), "email", 320), Check.present(request.password(), "password").toCharArray());
        return Session.of(tokens.issue(owner), owner);
    }

    @PostMapping("/sign-in")
    @SecurityRequirements
    @Operation(operationId = "signIn", summary = "Exchange email and password for a bearer token")
    Session signIn(@RequestBody SignInRequest request, HttpServletRequest http) {
        String email = Check.text(request.email(), "email", 320);
        char[] password = Check.present(request.password(), "password").toCharArray();
        throttle.check(email, http.getRemoteAddr());
        try {
            Actor actor = accounts.signIn(email, password);
            throttle.succeeded(email, http.getRemoteAddr());
            return Session.of(tokens.issue(actor), actor);
        } catch (SignInFailedException failure) {
            // only a wrong password counts; a database outage must not throttle anyone
            throttle.failed(email, http.getRemoteAddr());
            throw failure;
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
    }

    @PostMapping("/sign-out")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "signOut", summary = "Revoke the bearer token of this request")
    void signOut(Actor actor, HttpServletRequest http) {
        Authentication.bearer(http).ifPresent(token -> tokens.revoke(actor, token));
    }
}
