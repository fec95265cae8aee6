package dev.baton.embedded;

import dev.baton.BatonProperties;
import dev.baton.node.NodeRoles;
import dev.baton.temporalui.TemporalUiServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Says in a few lines what runs embedded, where the data lives and where to point a browser. */
@Component
class StartupReport {

    private static final Logger log = LoggerFactory.getLogger(StartupReport.class);

    private final Environment env;
    private final BatonProperties baton;
    private final ObjectProvider<EmbeddedPostgres> embeddedPostgres;
    private final NodeRoles roles;
    private final ObjectProvider<TemporalUiServer> temporalUi;

    StartupReport(Environment env, BatonProperties baton, ObjectProvider<EmbeddedPostgres> embeddedPostgres,
            NodeRoles roles, ObjectProvider<TemporalUiServer> temporalUi) {
        this.env = env;
        this.baton = baton;
        this.embeddedPostgres = embeddedPostgres;
        this.roles = roles;
        this.temporalUi = temporalUi;
    }

    @EventListener(ApplicationReadyEvent.class)
    void report() {
        log.info("Node roles: {}{}", roles, roles.worker() ? "" : " (no Temporal worker polls on this node)");
        EmbeddedPostgres pg = embeddedPostgres.getIfAvailable();
        if (pg != null) {
            log.info("Database: embedded PostgreSQL on 127.0.0.1:{}, data kept in {}", pg.getPort(),
                    baton.dataDir().resolve("postgres"));
        } else {
            log.info("Database: external PostgreSQL at {}", withoutCredentials(env.getProperty("spring.datasource.url")));
        }
        if (env.getProperty("spring.temporal.test-server.enabled", Boolean.class, false)) {
            log.info("Temporal: embedded test server in this JVM; its state is in memory only and is lost on restart."
                    + " Set BATON_TEMPORAL_TARGET=host:port to use a Temporal cluster.");
        } else {
            log.info("Temporal: cluster at {}, namespace {}", env.getProperty("spring.temporal.connection.target"),
                    env.getProperty("spring.temporal.namespace", "default"));
        }
        String port = env.getProperty("local.server.port", env.getProperty("server.port", "8080"));
        if (roles.api()) {
            log.info("Baton API: http://localhost:{}/api/v1  Swagger UI: http://localhost:{}/swagger-ui.html", port,
                    port);
        } else {
            log.info("Baton API: not served on this node; health at http://localhost:{}/actuator/health", port);
        }
        TemporalUiServer ui = temporalUi.getIfAvailable();
        if (ui == null) {
            log.info("Temporal Web UI: your cluster's, at {} (BATON_TEMPORAL_UI_URL); Baton serves none with"
                    + " BATON_TEMPORAL_TARGET set", env.getProperty("baton.temporal.ui-url"));
        } else if (ui.url().isPresent()) {
            log.info("Temporal Web UI: {}  (sign in with your Baton username and API key{})", ui.url().get(),
                    ui.built() ? "" : "; its files were not built, see ./mvnw without -Dtemporal.ui.skipBuild");
        } else {
            log.info("Temporal Web UI: {}", ui.whyNotServed());
        }
        log.info("Data directory: {}", baton.dataDir());
    }

    /** JDBC URLs may carry a password as a query parameter; logs must never show it. */
    static String withoutCredentials(String url) {
        if (url == null) {
            return "(unset)";
        }
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }
}
