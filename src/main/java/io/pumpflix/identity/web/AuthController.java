package io.pumpflix.identity.web;

import io.pumpflix.identity.Accounts;
import io.pumpflix.identity.Actor;
import io.pumpflix.identity.SignedIn;
import io.pumpflix.platform.Check;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.Arrays;
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

    AuthController(Accounts accounts) {
        this.accounts = accounts;
    }

    record SignUpRequest(String organizationName, String email, String password) {
    }

    record SignInRequest(String email, String password) {
    }

    record Session(String token, Instant expiresAt, UUID userId, UUID organizationId, String role) {

        static Session of(SignedIn signedIn) {
            Actor actor = signedIn.actor();
            return new Session(signedIn.token().token(), signedIn.token().expiresAt(), actor.userId(),
                    actor.organizationId(), actor.role().dbValue());
        }
    }

    @PostMapping("/sign-up")
    @ResponseStatus(HttpStatus.CREATED)
    @SecurityRequirements
    @Operation(operationId = "signUp", summary = "Create an organization and its owner, and sign in",
            description = "Creates the organization, its owner (the caller) and its subscription on the free plan, and answers a bearer token as sign-in does. A taken email is 409.")
    Session signUp(@RequestBody SignUpRequest request) {
        return Session.of(accounts.signUp(request.organizationName(), request.email(),
                Check.present(request.password(), "password").toCharArray()));
    }

    @PostMapping("/sign-in")
    @SecurityRequirements
    @Operation(operationId = "signIn", summary = "Exchange email and password for a bearer token",
            description = "Answers a bearer token valid for `pumpflix.api.token-ttl` (12 hours). A wrong email or password is 401 and costs the same time either way; repeated failures for one email or address are throttled (429 with Retry-After).")
    Session signIn(@RequestBody SignInRequest request, HttpServletRequest http) {
        char[] password = Check.present(request.password(), "password").toCharArray();
        try {
            return Session.of(accounts.signIn(request.email(), password, http.getRemoteAddr()));
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    @PostMapping("/sign-out")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "signOut", summary = "Revoke the bearer token of this request")
    void signOut(Actor actor, HttpServletRequest http) {
        Authentication.bearer(http).ifPresent(token -> accounts.signOut(actor, token));
    }
}
