package io.pumpflix.platform;

import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The database as the tables' owner, unrestricted by row-level security: for maintenance that
 * spans organizations (key rotation, start-up checks). Request handling never uses it.
 */
@Component
public class OwnerDatabase {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    OwnerDatabase(@Qualifier("ownerDataSource") DataSource ownerDataSource) {
        this.jdbc = JdbcClient.create(ownerDataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(ownerDataSource));
    }

    public JdbcClient jdbc() {
        return jdbc;
    }

    /** Runs the work in one transaction of the owner's connection. */
    public <T> T transaction(Supplier<T> work) {
        return transactions.execute(status -> work.get());
    }
}
