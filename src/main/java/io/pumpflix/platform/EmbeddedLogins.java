package io.pumpflix.platform;

/**
 * What every embedded server logs in as: its superuser to migrate, the runtime login to serve, each
 * with the password of the home's files ({@link EmbeddedPasswords}).
 */
interface EmbeddedLogins extends DatabaseServer {

    /** The home's password files. */
    EmbeddedPasswords passwords();

    @Override
    default String password() {
        return passwords().superuser();
    }

    @Override
    default String runtimePassword() {
        return passwords().runtime();
    }

    @Override
    default String user() {
        return "postgres";
    }

    @Override
    default String runtimeUser() {
        return EmbeddedDatabase.RUNTIME_LOGIN;
    }
}
