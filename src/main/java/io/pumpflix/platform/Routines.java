package io.pumpflix.platform;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Calls the documented routines and reads the tables, turning the SQLSTATEs of
 * {@code behaviour.md} into {@link RoutineException}s. Every data layer goes through it, so the
 * mapping lives in one place.
 */
@Component
public class Routines {

    private final JdbcClient jdbc;

    public Routines(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A {@code CALL} of a procedure whose single OUT parameter is an id, read as one row. */
    public UUID callForId(String sql, Object... params) {
        try {
            return statement(sql, params).query(UUID.class).single();
        } catch (DataAccessException e) {
            throw translate(e);
        }
    }

    /** A {@code CALL} of a procedure without OUT parameters, or any other statement. */
    public void call(String sql, Object... params) {
        update(sql, params);
    }

    /** A statement that changes rows; returns how many. */
    public int update(String sql, Object... params) {
        try {
            return statement(sql, params).update();
        } catch (DataAccessException e) {
            throw translate(e);
        }
    }

    /** A statement run for its effect whose result rows are ignored ({@code SELECT some_function(...)}). */
    public void perform(String sql, Object... params) {
        try {
            statement(sql, params).query((rs, n) -> Boolean.TRUE).list();
        } catch (DataAccessException e) {
            throw translate(e);
        }
    }

    public <T> List<T> list(String sql, RowMapper<T> mapper, Object... params) {
        try {
            return statement(sql, params).query(mapper).list();
        } catch (DataAccessException e) {
            throw translate(e);
        }
    }

    public <T> Optional<T> optional(String sql, RowMapper<T> mapper, Object... params) {
        try {
            return statement(sql, params).query(mapper).optional();
        } catch (DataAccessException e) {
            throw translate(e);
        }
    }

    /**
     * {@link #optional} of a statement that can enter the organization itself: when it is the
     * scope's first, {@code enteringSql} runs, with the scope's settings (organization, user, role
     * switch) bound before {@code params}, so that setting the organization costs no round trip of
     * its own; otherwise {@code sql}. {@code enteringSql} must call a routine that begins with
     * {@code pumpflix.enter_tenant}.
     */
    public <T> Optional<T> optionalEntering(String enteringSql, String sql, RowMapper<T> mapper, Object... params) {
        Optional<TenantScope.Settings> settings = TenantScope.unsentSettings();
        if (settings.isEmpty()) {
            return optional(sql, mapper, params);
        }
        Object[] all = new Object[params.length + 3];
        all[0] = settings.get().organizationId();
        all[1] = settings.get().userId();
        all[2] = settings.get().asRuntimeRole();
        System.arraycopy(params, 0, all, 3, params.length);
        return optional(enteringSql, mapper, all);  // the settings are handed over: nothing is sent before it
    }

    /** Every statement starts here: inside a request's scope the organization is sent first, if no statement has yet. */
    private JdbcClient.StatementSpec statement(String sql, Object... params) {
        TenantScope.sendSettings();
        return jdbc.sql(sql).params(params);
    }

    /** The typed exception for a refusal the document defines; anything else is rethrown as is. */
    static RuntimeException translate(DataAccessException e) {
        if (!(e.getMostSpecificCause() instanceof SQLException sql) || sql.getSQLState() == null) {
            return e;
        }
        RuntimeException refusal = refusal(sql.getSQLState(), serverMessage(sql));
        return refusal != null ? refusal : e;
    }

    /**
     * The typed exception for a SQLSTATE and message the document defines, or null for any other
     * state (for batch routines that report each item's SQLSTATE instead of raising it).
     */
    public static RoutineException refusal(String state, String message) {
        return switch (state) {
            case "P0002" -> new NotFoundException(state, message);
            case "42501" -> new NotMemberException(state, message);
            case "55000", "23505", "23503" -> new ConflictException(state, message);
            case "23502", "23514" -> new InvalidInputException(state, message);
            // class 22, data exceptions: a value PostgreSQL cannot take (bad JSON, a NUL character,
            // an out-of-range number or date, a string too long)
            default -> state.startsWith("22") ? new InvalidInputException(state, message) : null;
        };
    }

    private static String serverMessage(SQLException e) {
        if (e instanceof PSQLException psql) {
            ServerErrorMessage server = psql.getServerErrorMessage();
            if (server != null && server.getMessage() != null) {
                return server.getMessage();
            }
        }
        return e.getMessage();
    }
}
