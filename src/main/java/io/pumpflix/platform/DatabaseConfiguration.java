package io.pumpflix.platform;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one place that decides which PostgreSQL the service uses: the external one named by
 * {@code PUMPFLIX_DB_URL}, or else an embedded one in the home directory.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

    @Bean(destroyMethod = "close")
    DatabaseServer databaseServer(PumpflixSettings settings) {
        PumpflixSettings.Db db = settings.db();
        if (db.external()) {
            log.info("Using the external database {}", db.url());
            return new DatabaseServer.External(db.url(), db.user(), db.password());
        }
        return EmbeddedDatabase.start(settings.home(), settings.embedded().durable());
    }

    /** Closed before the server stops: Spring destroys dependants first. */
    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(DatabaseServer server) {
        HikariDataSource pool = new HikariDataSource();
        pool.setPoolName("pumpflix");
        pool.setJdbcUrl(server.jdbcUrl());
        pool.setUsername(server.user());
        pool.setPassword(server.password());
        pool.setMaximumPoolSize(10);
        // Time is UTC on every session, whatever the JVM's or the server's zone.
        pool.setConnectionInitSql("SET TIME ZONE 'UTC'");
        return pool;
    }
}
