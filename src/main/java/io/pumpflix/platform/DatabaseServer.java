package io.pumpflix.platform;

/** The PostgreSQL server the service talks to: embedded in the home directory, or external. */
interface DatabaseServer extends AutoCloseable {

    String jdbcUrl();

    String user();

    String password();

    /** The login the service uses at run time; the migrations' owner when none is configured. */
    String runtimeUser();

    String runtimePassword();

    @Override
    void close();

    record External(String jdbcUrl, String user, String password, String runtimeUser, String runtimePassword)
            implements DatabaseServer {

        @Override
        public void close() {
            // not ours to stop
        }

        @Override
        public String toString() {
            return "External[" + jdbcUrl + " as " + user + "]";
        }
    }
}
