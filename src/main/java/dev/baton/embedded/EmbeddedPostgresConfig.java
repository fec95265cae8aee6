package dev.baton.embedded;

import com.zaxxer.hikari.HikariDataSource;
import dev.baton.BatonProperties;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The zero set-up database: a real PostgreSQL started from the embedded binaries, its data kept under
 * {@code <data dir>/postgres} across restarts. It steps aside as soon as {@code spring.datasource.url} is set.
 *
 * <p>It stops last. The library would register a JVM shutdown hook of its own, which runs alongside Spring's: on
 * SIGTERM PostgreSQL got its fast shutdown within a tenth of a second, before the drain of running turns had begun,
 * and every write of those turns failed. Without that hook only this bean's destroy method stops it, after every
 * bean that uses the database (the data source depends on it). A JVM that dies without closing the context leaves
 * the postmaster running; the next start stops it ({@link StalePostmaster}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
class EmbeddedPostgresConfig {

    static final String DATABASE = "postgres";
    private static final Duration STALE_POSTMASTER_WAIT = Duration.ofSeconds(30);

    /**
     * {@code baton.embedded-database.*}. The embedded binaries start PostgreSQL with fsync off, which suits
     * throw-away test databases but can lose committed data on a crash; Baton's default turns durability back on.
     */
    @ConfigurationProperties("baton.embedded-database")
    record EmbeddedDatabaseProperties(@DefaultValue("true") boolean durable) {
    }

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(BatonProperties baton, EmbeddedDatabaseProperties properties)
            throws IOException {
        Path dir = baton.dataDir().resolve("postgres");
        Files.createDirectories(dir);
        StalePostmaster.stopIfLeftBehind(dir, STALE_POSTMASTER_WAIT);
        String durable = properties.durable() ? "on" : "off";
        return EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setServerConfig("fsync", durable)
                .setServerConfig("synchronous_commit", durable)
                .setServerConfig("full_page_writes", durable)
                .start();
    }

    @Bean(destroyMethod = "close")
    DataSource dataSource(EmbeddedPostgres postgres) {
        var ds = new HikariDataSource();
        ds.setJdbcUrl(postgres.getJdbcUrl("postgres", DATABASE));
        ds.setUsername("postgres");
        ds.setPoolName("baton-embedded");
        ds.setMaximumPoolSize(20);
        return ds;
    }
}
