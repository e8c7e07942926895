package io.pumpflix.platform;

/** The database cannot be reached right now: answered fast with 503 and Retry-After, never a hang. */
public final class DatabaseUnavailableException extends RuntimeException {

    public static final int RETRY_AFTER_SECONDS = 5;

    public DatabaseUnavailableException(Throwable cause) {
        super("the database is unavailable; try again shortly", cause);
    }

    /** True for failures that mean "cannot reach the database" rather than "the request was wrong". */
    public static boolean isUnavailability(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DatabaseUnavailableException
                    || t instanceof org.springframework.dao.DataAccessResourceFailureException
                    || t instanceof org.springframework.transaction.CannotCreateTransactionException
                    // a commit or rollback that failed: the connection broke, the write did not land
                    || t instanceof org.springframework.transaction.TransactionSystemException
                    || t instanceof java.sql.SQLTransientConnectionException
                    || (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                            && (sql.getSQLState().startsWith("08") || sql.getSQLState().equals("57P01")
                                || sql.getSQLState().equals("57P03")))) {
                return true;
            }
        }
        return false;
    }
}
