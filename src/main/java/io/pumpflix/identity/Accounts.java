package io.pumpflix.identity;

import io.pumpflix.audit.AuditTrail;
import io.pumpflix.platform.InvalidInputException;
import io.pumpflix.platform.Routines;
import io.pumpflix.platform.Rows;
import io.pumpflix.platform.TenantScope;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Signing up (a new organization and its owner) and signing in with email and password. */
@Component
public class Accounts {

    static final int MIN_PASSWORD_LENGTH = 10;
    static final int MAX_PASSWORD_LENGTH = 1024;

    private final Routines routines;
    private final TenantScope tenants;
    private final PasswordHashing hashing;
    private final AuditTrail audit;

    Accounts(Routines routines, TenantScope tenants, PasswordHashing hashing, AuditTrail audit) {
        this.routines = routines;
        this.tenants = tenants;
        this.hashing = hashing;
        this.audit = audit;
    }

    /** Creates an organization with its first owner, in one transaction. */
    public Actor signUp(String organizationName, String email, char[] password) {
        String hash = hashing.hash(validPassword(password));
        UUID organizationId = UUID.randomUUID();
        return tenants.call(organizationId, null, () -> {
            routines.call("INSERT INTO public.organizations (id, name) VALUES (?, btrim(?))", organizationId,
                    organizationName);
            UUID userId = insertMember(routines, organizationId, email, Role.OWNER, hash);
            audit.record(organizationId, userId, "organization.created", "organization", organizationId,
                    Map.of("name", organizationName.strip()));
            return new Actor(userId, organizationId, Role.OWNER);
        });
    }

    /**
     * Checks the password in constant time, spending the same Argon2 work when the email is
     * unknown, and answers every failure the same way. Records success and failure in the audit
     * trail and upgrades a hash made with weaker parameters.
     */
    public Actor signIn(String email, char[] password) {
        Optional<Account> account = routines.optional(
                "SELECT user_id, organization_id, role, password_hash FROM pumpflix.sign_in_account(?)",
                (rs, n) -> new Account(Rows.uuid(rs, "user_id"), Rows.uuid(rs, "organization_id"),
                        Role.fromDb(rs.getString("role")), rs.getString("password_hash")),
                email == null ? "" : email.strip());
        boolean valid = password != null && password.length <= MAX_PASSWORD_LENGTH;
        if (account.isEmpty()) {
            hashing.spendTimeOfOneVerification(valid ? password : new char[0]);
            routines.perform("SELECT pumpflix.audit_sign_in(?, NULL, false)", email);
            throw new SignInFailedException();
        }
        Account found = account.get();
        if (!valid || !hashing.matches(password, found.passwordHash()) || found.organizationId() == null) {
            routines.perform("SELECT pumpflix.audit_sign_in(?, ?, false)", email, found.userId());
            throw new SignInFailedException();
        }
        Actor actor = new Actor(found.userId(), found.organizationId(), found.role());
        tenants.run(actor.organizationId(), actor.userId(), () -> {
            if (hashing.needsUpgrade(found.passwordHash())) {
                routines.call("UPDATE public.users SET password_hash = ? WHERE id = ?", hashing.hash(password),
                        actor.userId());
            }
        });
        routines.perform("SELECT pumpflix.audit_sign_in(?, ?, true)", email, found.userId());
        return actor;
    }

    static char[] validPassword(char[] password) {
        if (password == null || password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
            throw new InvalidInputException("22023", "password: must be " + MIN_PASSWORD_LENGTH + " to "
                    + MAX_PASSWORD_LENGTH + " characters");
        }
        return password;
    }

    static UUID insertMember(Routines routines, UUID organizationId, String email, Role role, String passwordHash) {
        return routines.callForId("""
                INSERT INTO public.users (email, password_hash, organization_id, role)
                VALUES (btrim(?), ?, ?, ?) RETURNING id""", email, passwordHash, organizationId, role.dbValue());
    }

    private record Account(UUID userId, UUID organizationId, Role role, String passwordHash) {

        @Override
        public String toString() {
            return "Account[" + userId + "]";
        }
    }
}
