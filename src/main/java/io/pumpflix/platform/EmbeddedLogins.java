package io.pumpflix.platform;

/**
 * What every embedded server logs in as: its superuser to migrate, the runtime login to serve, each
 * with the password of the home's files ({@link EmbeddedPasswords}).
 */
interface EmbeddedLogins extends DatabaseServer {

    @Override
    default String user() {
        return "postgres";
    }


    @Override
    default String runtimeUser() {
        return EmbeddedDatabase.RUNTIME_LOGIN;
    }
}
