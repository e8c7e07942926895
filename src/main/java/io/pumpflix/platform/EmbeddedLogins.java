package io.pumpflix.platform;

/** What every embedded server logs in as: its superuser to migrate, the runtime login to serve. */
interface EmbeddedLogins extends DatabaseServer {

    @Override
    default String user() {
        return "postgres";
    }

    @Override
    default String password() {
        return null;
    }

    @Override
    default String runtimeUser() {
        return EmbeddedDatabase.RUNTIME_LOGIN;
    }

    @Override
    default String runtimePassword() {
        return null;
    }
}
