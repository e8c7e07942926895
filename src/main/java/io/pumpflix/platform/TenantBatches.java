package io.pumpflix.platform;

import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Work for many organizations in one transaction, on live collaboration's own connections: for
 * SQL batch routines that set each item's tenant themselves ({@code set_config('pumpflix.org_id',
 * ..., true)} per item, as {@code pumpflix.start_websocket_sessions} does), so that row-level
 * security confines each item as a {@link TenantScope} would, at one round trip for the batch.
 * The transaction runs as the runtime role, like every tenant transaction.
 */
@Component
public class TenantBatches {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final TenantScope tenants;

    /** The live pool logs in as the request pool does, so the scope's decision on the role holds for both. */
    TenantBatches(@Qualifier("liveDataSource") DataSource liveDataSource, TenantScope tenants) {
        this.jdbc = JdbcClient.create(liveDataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(liveDataSource));
        this.tenants = tenants;
    }

    public <T> T transaction(Function<JdbcClient, T> work) {
        boolean switching = tenants.switchRole();
        return transactions.execute(status -> {
            if (switching) {
                jdbc.sql("SELECT set_config('role', 'pumpflix_runtime', true)").query().singleRow();
            }
            return work.apply(jdbc);
        });
    }
}
