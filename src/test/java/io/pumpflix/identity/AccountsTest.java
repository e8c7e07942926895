package io.pumpflix.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pumpflix.DatabaseTest;
import io.pumpflix.platform.InvalidInputException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

class AccountsTest extends DatabaseTest {


    @Autowired
    Accounts accounts;

    private String email() {
        return "owner-" + UUID.randomUUID() + "@example.test";
    }

    @Test
    void signUpCreatesAnOrganizationAndItsOwnerWithAnArgon2idHash() {
        String email = email();
        Actor owner = accounts.signUp("  Acme  ", email, PASSWORD).actor();

        assertThat(owner.role()).isEqualTo(Role.OWNER);
        assertThat(jdbc.sql("SELECT name FROM organizations WHERE id = ?").param(owner.organizationId())
                .query(String.class).single()).isEqualTo("Acme");
        String hash = jdbc.sql("SELECT password_hash FROM users WHERE id = ?").param(owner.userId())
                .query(String.class).single();
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain(new String(PASSWORD));
    }

    @Test
    void signInWithTheRightPasswordAnyCaseOfTheEmail() {
        String email = email();
        Actor owner = accounts.signUp("Acme", email, PASSWORD).actor();

        assertThat(accounts.signIn(email.toUpperCase(), PASSWORD, "192.0.2.1").actor()).isEqualTo(owner);
        assertThat(auditActions(owner.organizationId())).contains("sign_in.succeeded", "organization.created");
    }

    @Test
    void aWrongPasswordAndAnUnknownEmailGetTheSameAnswer() {
        String email = email();
        Actor owner = accounts.signUp("Acme", email, PASSWORD).actor();

        Throwable wrongPassword = catchThrowable(() -> accounts.signIn(email, "not the password".toCharArray(), "192.0.2.1"));
        Throwable unknownEmail = catchThrowable(() -> accounts.signIn(email(), PASSWORD, "192.0.2.1"));
        Throwable noPassword = catchThrowable(() -> accounts.signIn(jdbc.sql(
                "SELECT email FROM users WHERE id = ?").param(newMember(owner.organizationId(), Role.USER))
                .query(String.class).single(), PASSWORD, "192.0.2.1"));

        assertThat(List.of(wrongPassword, unknownEmail, noPassword)).allSatisfy(failure -> assertThat(failure)
                .isInstanceOf(SignInFailedException.class).hasMessage("email or password is incorrect"));
        assertThat(auditActions(owner.organizationId())).contains("sign_in.failed");
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE action = 'sign_in.failed' AND organization_id IS NULL"
                + " AND details->>'email' LIKE 'owner-%'").query(Long.class).single()).isPositive();
    }

    @Test
    void aHashWithWeakerParametersIsUpgradedAtTheNextSignIn() {
        String email = email();
        Actor owner = accounts.signUp("Acme", email, PASSWORD).actor();
        String weak = new Argon2PasswordEncoder(16, 32, 1, 4096, 1).encode(new String(PASSWORD));
        jdbc.sql("UPDATE users SET password_hash = ? WHERE id = ?").params(weak, owner.userId()).update();

        accounts.signIn(email, PASSWORD, "192.0.2.1");

        String upgraded = jdbc.sql("SELECT password_hash FROM users WHERE id = ?").param(owner.userId())
                .query(String.class).single();
        assertThat(upgraded).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(accounts.signIn(email, PASSWORD, "192.0.2.1").actor()).isEqualTo(owner);
    }

    @Test
    void refusesWeakPasswordsAndBlankNamesLeavingNothingBehind() {
        long organizationsBefore = jdbc.sql("SELECT count(*) FROM organizations").query(Long.class).single();
        assertThatThrownBy(() -> accounts.signUp("Acme", email(), "short".toCharArray()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("password");
        assertThatThrownBy(() -> accounts.signUp(" ", email(), PASSWORD)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> accounts.signUp("Acme", " ", PASSWORD)).isInstanceOf(InvalidInputException.class);
        assertThat(jdbc.sql("SELECT count(*) FROM organizations").query(Long.class).single())
                .isEqualTo(organizationsBefore);
    }

    private List<String> auditActions(UUID organizationId) {
        return jdbc.sql("SELECT action FROM audit_log WHERE organization_id = ?").param(organizationId)
                .query(String.class).list();
    }
}
