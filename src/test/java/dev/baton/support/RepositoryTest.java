package dev.baton.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A {@link DataJpaTest} slice on a real PostgreSQL (the embedded binaries), migrated by Flyway: for repository
 * queries with SQL of their own, without the web server, Temporal or the CLI. All such tests share one context and
 * so one database; each test runs in a transaction that is rolled back.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@DataJpaTest(showSql = false)
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Import(RepositoryTest.EmbeddedDatabase.class)
public @interface RepositoryTest {

    @TestConfiguration(proxyBeanMethods = false)
    class EmbeddedDatabase {

        @Bean(destroyMethod = "close")
        EmbeddedPostgres repositoryTestPostgres() {
            try {
                return EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Bean
        DataSource dataSource(EmbeddedPostgres postgres) {
            return postgres.getPostgresDatabase();
        }
    }

    /** Rows the queries under test need, written with SQL so that a test depends on no other repository. */
    final class Rows {

        private final JdbcTemplate jdbc;

        public Rows(DataSource dataSource) {
            this.jdbc = new JdbcTemplate(dataSource);
        }

        public JdbcTemplate jdbc() {
            return jdbc;
        }

        public UUID user() {
            UUID id = UUID.randomUUID();
            jdbc.update("insert into users (id, username, role, created_at) values (?, ?, 'USER', now())", id,
                    "user-" + id.toString().substring(0, 8));
            return id;
        }

        public UUID session(UUID userId) {
            UUID id = UUID.randomUUID();
            jdbc.update("""
                    insert into sessions (id, user_id, working_directory, created_at, updated_at)
                    values (?, ?, '/tmp/ws', now(), now())""", id, userId);
            return id;
        }

        public UUID runningTurn(UUID sessionId) {
            UUID id = UUID.randomUUID();
            jdbc.update("""
                    insert into session_turns (id, session_id, status, started_at)
                    values (?, ?, 'RUNNING', now())""", id, sessionId);
            return id;
        }

        public void lease(UUID sessionId, Instant until, String owner, UUID node) {
            jdbc.update("update sessions set turn_lease_until = ?, turn_owner = ?, turn_node = ? where id = ?",
                    java.sql.Timestamp.from(until), owner, node, sessionId);
        }
    }
}
