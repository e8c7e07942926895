package io.pumpflix.platform;

import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The database as the tables' owner, unrestricted by row-level security: for maintenance that
 * spans organizations (key rotation, start-up checks). Request handling never uses it.
 */
@Component
public class OwnerDatabase {

    private final JdbcClient jdbc;

    OwnerDatabase(@Qualifier("ownerDataSource") DataSource ownerDataSource) {
        this.jdbc = JdbcClient.create(ownerDataSource);
    }

    public JdbcClient jdbc() {
        return jdbc;
    }
}
