package io.pumpflix.platform;

/** The PostgreSQL server the service talks to: embedded in the home directory, or external. */
interface DatabaseServer extends AutoCloseable {

    String jdbcUrl();

    String user();

    String password();

    @Override
    void close();

    record External(String jdbcUrl, String user, String password) implements DatabaseServer {

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
