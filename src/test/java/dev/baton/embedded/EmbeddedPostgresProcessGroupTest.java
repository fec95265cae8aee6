package dev.baton.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.baton.support.IntegrationTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The embedded PostgreSQL runs in a process group and session of its own, apart from Baton's: Ctrl-C in the terminal
 * of {@code ./mvnw spring-boot:run} signals the terminal's foreground process group (Maven and Baton's JVM), so it
 * never reaches PostgreSQL, which stops only when Baton stops it. zonky starts it through {@code pg_ctl start}, and
 * pg_ctl puts the postmaster in a new session ({@code setsid}); this guards that.
 */
class EmbeddedPostgresProcessGroupTest extends IntegrationTest {

    @Autowired
    private JdbcTemplate jdbc;

    /** Fields 4 to 6 of {@code /proc/<pid>/stat}: parent, process group, session. */
    record Stat(long parent, long group, long session) {

        static Stat of(long pid) throws IOException {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new Stat(Long.parseLong(fields[1]), Long.parseLong(fields[2]), Long.parseLong(fields[3]));
        }
    }

    @Test
    void thePostmasterLeadsAProcessGroupAndSessionOfItsOwn() throws IOException {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs /proc");
        long backend = jdbc.queryForObject("select pg_backend_pid()", Long.class);
        long postmaster = Stat.of(backend).parent();
        Stat server = Stat.of(postmaster);
        Stat baton = Stat.of(ProcessHandle.current().pid());

        assertThat(Files.readString(Path.of("/proc", Long.toString(postmaster), "cmdline"))).contains("postgres");
        assertThat(server.group()).as("process group").isEqualTo(postmaster).isNotEqualTo(baton.group());
        assertThat(server.session()).as("session").isEqualTo(postmaster).isNotEqualTo(baton.session());
    }
}
