package io.pumpflix.identity;

import io.pumpflix.platform.Check;
import io.pumpflix.platform.NotFound;
import io.pumpflix.platform.PublicOperation;
import io.pumpflix.platform.Routines;
import io.pumpflix.platform.Rows;
import io.pumpflix.platform.TenantScope;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * The identity module's door: signing up (a new organization and its owner), signing in and out
 * with bearer tokens, and the members of an organization with their roles.
 */
@Service
public class Accounts {

    static final int MIN_PASSWORD_LENGTH = 10;
    static final int MAX_PASSWORD_LENGTH = 1024;

    private final Routines routines;
    private final TenantScope tenants;
    private final PasswordHashing hashing;
    private final MemberStore store;
    private final ApiTokens tokens;
    private final SignInThrottle throttle;
    private final RequestRate rate;
    private final ApplicationEventPublisher events;

    Accounts(Routines routines, TenantScope tenants, PasswordHashing hashing, MemberStore store, ApiTokens tokens,
            SignInThrottle throttle, RequestRate rate, ApplicationEventPublisher events) {
        this.routines = routines;
        this.tenants = tenants;
        this.hashing = hashing;
        this.store = store;
        this.tokens = tokens;
        this.throttle = throttle;
        this.rate = rate;
        this.events = events;
    }

    /** Creates an organization with its first owner and signs the owner in, in one transaction. */
    @PublicOperation("signing up creates the organization the actor will belong to; it opens the scope itself")
    public SignedIn signUp(String organizationName, String email, char[] password) {
        return signUp(organizationName, email, password, TokenPurpose.API);
    }

    /** Signs up as {@link #signUp(String, String, char[])} does, with a token for {@code purpose}. */
    @PublicOperation("signing up creates the organization the actor will belong to; it opens the scope itself")
    public SignedIn signUp(String organizationName, String email, char[] password, TokenPurpose purpose) {
        String name = Check.text(organizationName, "organizationName", 200);
        String address = Check.text(email, "email", 320);
        String hash = hashing.hash(validPassword(password));
        UUID organizationId = UUID.randomUUID();
        return tenants.call(organizationId, null, () -> {
            store.insertOrganization(organizationId, name);
            Actor owner = new Actor(store.insert(organizationId, address, Role.OWNER, hash), organizationId, Role.OWNER);
            events.publishEvent(owner.audited("organization.created", "organization", organizationId,
                    Map.of("name", name)));
            return new SignedIn(owner, tokens.issue(owner, purpose));
        });
    }

    /**
     * Checks the password in constant time, spending the same Argon2 work when the email is
     * unknown, and answers every failure the same way. Repeated failures from one client address
     * are slowed down (429). Records success and failure in the audit trail and upgrades a hash
     * made with weaker parameters.
     */
    @PublicOperation("signing in is how an actor comes to be; it opens the scope itself")
    public SignedIn signIn(String email, char[] password, String clientAddress) {
        return signIn(email, password, clientAddress, TokenPurpose.API);
    }

    /** Signs in as {@link #signIn(String, char[], String)} does, with a token for {@code purpose}. */
    @PublicOperation("signing in is how an actor comes to be; it opens the scope itself")
    public SignedIn signIn(String email, char[] password, String clientAddress, TokenPurpose purpose) {
        String address = Check.text(email, "email", 320);
        Check.present(password, "password");
        throttle.check(address, clientAddress);
        try {
            Actor actor = verify(address, password);
            throttle.succeeded(address, clientAddress);
            return tenants.call(actor.organizationId(), actor.userId(), () -> new SignedIn(actor, tokens.issue(actor, purpose)));
        } catch (SignInFailedException failure) {
            // only a wrong password counts; a database outage must not throttle anyone
            throttle.failed(address, clientAddress);
            throw failure;
        }
    }

    private Actor verify(String email, char[] password) {
        Optional<Account> account = routines.optional(
                "SELECT user_id, organization_id, role, password_hash FROM pumpflix.sign_in_account(?)",
                (rs, n) -> new Account(Rows.uuid(rs, "user_id"), Rows.uuid(rs, "organization_id"),
                        Role.fromDb(rs.getString("role")), rs.getString("password_hash")), email);
        boolean valid = password.length <= MAX_PASSWORD_LENGTH;
        if (account.isEmpty()) {
            hashing.spendTimeOfOneVerification(valid ? password : new char[0]);
            events.publishEvent(new SignInAttempted(email, null, false));
            throw new SignInFailedException();
        }
        Account found = account.get();
        if (!valid || !hashing.matches(password, found.passwordHash()) || found.organizationId() == null) {
            events.publishEvent(new SignInAttempted(email, found.userId(), false));
            throw new SignInFailedException();
        }
        Actor actor = new Actor(found.userId(), found.organizationId(), found.role());
        if (hashing.needsUpgrade(found.passwordHash())) {
            String upgraded = hashing.hash(password);
            tenants.run(actor.organizationId(), actor.userId(), () -> store.changePasswordHash(actor.userId(), upgraded));
        }
        events.publishEvent(new SignInAttempted(email, found.userId(), true));
        return actor;
    }

    /** Revokes one of the actor's own tokens. */
    public void signOut(Actor actor, String token) {
        AccessPolicy.requireMember(actor);
        tokens.revoke(actor, token);
    }

    /**
     * The member a live bearer token belongs to, with their role; empty for an unknown, expired
     * or revoked token. Looked up before any organization is known.
     */
    @PublicOperation("authentication finds the actor from a token; there is no actor yet")
    public Optional<Actor> authenticate(String token) {
        return authenticate(token, TokenPurpose.API);
    }

    /** The member of a live token issued for {@code purpose}; empty for any other token. */
    @PublicOperation("authentication finds the actor from a token; there is no actor yet")
    public Optional<Actor> authenticate(String token, TokenPurpose purpose) {
        return tokens.resolve(token, purpose);
    }

    /** Counts one request of the actor against their rate; beyond it, {@code TooManyRequestsException}. */
    @PublicOperation("a rate limit in memory: it touches no tenant data")
    public void admit(Actor actor) {
        rate.admit(actor);
    }

    /** An owner or admin adds a member to their organization; only an owner adds an owner. */
    public UUID invite(Actor actor, String email, Role role, char[] password) {
        AccessPolicy.requireAssignRole(actor, null, role);
        String address = Check.text(email, "email", 320);
        String hash = hashing.hash(validPassword(password));
        UUID id = store.insert(actor.organizationId(), address, role, hash);
        events.publishEvent(actor.audited("member.added", "user", id, Map.of("role", role.dbValue())));
        return id;
    }

    /**
     * Changes a member's role, following the matrix (only owners touch the owner role). The
     * database refuses to take the last owner's role ({@code ConflictException}).
     */
    public Member changeRole(Actor actor, UUID memberId, Role newRole) {
        AccessPolicy.require(actor, Action.MANAGE_MEMBERS);
        Role current = store.lockRole(memberId).orElseThrow(() -> NotFound.member(memberId));
        AccessPolicy.requireAssignRole(actor, current, newRole);
        if (current != newRole) {
            store.changeRole(memberId, newRole);
            tokens.forget(memberId);
            events.publishEvent(actor.audited("member.role_changed", "user", memberId,
                    Map.of("from", current.dbValue(), "to", newRole.dbValue())));
        }
        return store.find(memberId).orElseThrow();
    }

    public Member member(Actor actor, UUID memberId) {
        AccessPolicy.require(actor, Action.READ);
        return store.find(memberId).orElseThrow(() -> NotFound.member(memberId));
    }

    public List<Member> members(Actor actor) {
        AccessPolicy.require(actor, Action.READ);
        return store.ofOrganization(actor.organizationId());
    }

    public Organization organization(Actor actor) {
        AccessPolicy.require(actor, Action.READ);
        return store.organization(actor.organizationId()).orElseThrow();
    }

    static char[] validPassword(char[] password) {
        if (password == null || password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
            throw Check.invalid("password", "must be " + MIN_PASSWORD_LENGTH + " to " + MAX_PASSWORD_LENGTH
                    + " characters");
        }
        return password;
    }

    private record Account(UUID userId, UUID organizationId, Role role, String passwordHash) {

        @Override
        public String toString() {
            return "Account[" + userId + "]";
        }
    }
}
