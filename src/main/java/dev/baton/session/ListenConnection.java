package dev.baton.session;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * One JDBC connection that LISTENs on a channel and hands over the payloads PostgreSQL delivers to it. Only the
 * driver's own {@link PGConnection#getNotifications(int)} can receive notifications; plain JDBC cannot.
 */
final class ListenConnection implements AutoCloseable {

    private final Connection connection;
    private final PGConnection driverConnection;
    private final int backendPid;

    private ListenConnection(Connection connection, String channel) throws SQLException {
        this.connection = connection;
        this.driverConnection = connection.unwrap(PGConnection.class);
        // Notifications only arrive between transactions.
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            statement.execute("LISTEN " + channel);
            try (ResultSet pid = statement.executeQuery("select pg_backend_pid()")) {
                pid.next();
                this.backendPid = pid.getInt(1);
            }
        }
    }

    /** Opens the connections that LISTEN. */
    @FunctionalInterface
    interface Source {
        Connection open() throws SQLException;
    }

    /**
     * Connections to the application's database with its URL and credentials, but outside its pool: the listener
     * holds one for as long as the node runs, and when the server drops it, it must not go back to the pool
     * looking healthy (the pool only learns a connection broke through the calls it sees, and the driver's
     * notification calls bypass it).
     */
    static Source unpooled(DataSource dataSource) {
        DataSource direct = DataSourceBuilder.derivedFrom(dataSource).type(SimpleDriverDataSource.class).build();
        return direct::getConnection;
    }

    static ListenConnection open(Source source, String channel) throws SQLException {
        Connection connection = source.open();
        try {
            return new ListenConnection(connection, channel);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** Waits up to {@code timeoutMillis} for notifications and returns the payloads of all that have arrived. */
    List<String> poll(int timeoutMillis) throws SQLException {
        PGNotification[] notifications = driverConnection.getNotifications(timeoutMillis);
        if (notifications == null) {
            return List.of();
        }
        var payloads = new ArrayList<String>(notifications.length);
        for (PGNotification notification : notifications) {
            payloads.add(notification.getParameter());
        }
        return payloads;
    }

    /** Catches a connection that died without a word, which a wait for notifications would never notice. */
    boolean isValid(int timeoutSeconds) throws SQLException {
        return connection.isValid(timeoutSeconds);
    }

    /** The server process behind this connection, as {@code pg_stat_activity} names it. */
    int backendPid() {
        return backendPid;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // It is usually already broken when closed; there is nothing left to release.
        }
    }
}
