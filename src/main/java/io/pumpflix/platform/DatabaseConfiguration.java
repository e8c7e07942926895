package io.pumpflix.platform;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.flyway.autoconfigure.FlywayDataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * The one place that decides which PostgreSQL the service uses (the external one named by
 * {@code PUMPFLIX_DB_URL}, or else an embedded one in the home directory) and as whom: the
 * migrations and maintenance commands as the tables' owner, everything else as the runtime role
 * that row-level security confines.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

    @Bean(destroyMethod = "close")
    DatabaseServer databaseServer(PumpflixSettings settings) {
        PumpflixSettings.Db db = settings.db();
        if (db.external()) {
            log.info("Using the external database {}", db.url());
            return new DatabaseServer.External(db.url(), db.user(), db.password(), db.runtimeUser(),
                    db.runtimePassword());
        }
        DatabaseServer begun = EarlyDatabase.take(settings.home(), settings.embedded().durable(), settings.embedded().attach());
        return begun != null ? begun
                : EmbeddedDatabase.start(settings.home(), settings.embedded().durable(), settings.embedded().attach());
    }

    /** The tables' owner: runs the migrations and maintenance (key rotation). Rarely used, so small. */
    @Bean(destroyMethod = "close")
    @FlywayDataSource
    HikariDataSource ownerDataSource(DatabaseServer server) {
        HikariDataSource pool = pool("pumpflix-owner", server.jdbcUrl(), server.user(), server.password());
        // Flyway holds one connection for its lock and migrates on others
        pool.setMaximumPoolSize(4);
        pool.setMinimumIdle(0);
        pool.setIdleTimeout(10_000);
        return pool;
    }

    /**
     * The schedules' clock (db-scheduler) as the tables' owner: its table spans organizations, so
     * the runtime role has no right to it. A handful of connections: it polls and records ticks.
     */
    @Bean(destroyMethod = "close")
    HikariDataSource schedulerDataSource(DatabaseServer server) {
        HikariDataSource pool = pool("pumpflix-scheduler", server.jdbcUrl(), server.user(), server.password());
        pool.setMaximumPoolSize(6);
        pool.setMinimumIdle(1);
        pool.setInitializationFailTimeout(-1);
        return pool;
    }

    /** The runtime role, for everything the service does on behalf of an organization. */
    @Bean(destroyMethod = "close")
    @Primary
    HikariDataSource dataSource(DatabaseServer server) {
        HikariDataSource pool = runtimePool("pumpflix", server);
        pool.setMaximumPoolSize(10);
        pool.setInitializationFailTimeout(-1);
        return pool;
    }

    /**
     * Live collaboration's own few connections (as the runtime role): the listener of the
     * instances' channel, its publisher and the writer of WebSocket sessions. A storm of sockets
     * joining or leaving therefore never waits for, or takes, a request's connection.
     */
    @Bean(destroyMethod = "close")
    HikariDataSource liveDataSource(DatabaseServer server) {
        HikariDataSource pool = runtimePool("pumpflix-live", server);
        pool.setMaximumPoolSize(4);
        pool.setMinimumIdle(1);
        pool.setInitializationFailTimeout(-1);
        return pool;
    }

    /** A pool of the runtime login, or of the owner's when none is configured (TenantScope then switches role). */
    private static HikariDataSource runtimePool(String name, DatabaseServer server) {
        boolean dedicated = server.runtimeUser() != null && !server.runtimeUser().isBlank();
        return dedicated ? pool(name, server.jdbcUrl(), server.runtimeUser(), server.runtimePassword())
                : pool(name, server.jdbcUrl(), server.user(), server.password());
    }

    /** Closed before the server stops: Spring destroys dependants first. */
    private static HikariDataSource pool(String name, String url, String user, String password) {
        HikariDataSource pool = new HikariDataSource();
        pool.setPoolName(name);
        pool.setJdbcUrl(url);
        pool.setUsername(user);
        pool.setPassword(password);
        // Time is UTC on every session, whatever the JVM's or the server's zone.
        pool.setConnectionInitSql("SET TIME ZONE 'UTC'");
        // When PostgreSQL is unreachable, callers (requests, health checks) fail within about two
        // seconds instead of waiting on the pool; the pool reconnects by itself when it returns.
        pool.setConnectionTimeout(2_000);
        pool.setValidationTimeout(1_000);
        pool.addDataSourceProperty("connectTimeout", "2");
        pool.addDataSourceProperty("socketTimeout", "60");
        return pool;
    }
}
