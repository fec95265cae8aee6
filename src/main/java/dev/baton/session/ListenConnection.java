package dev.baton.session;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * One JDBC connection that LISTENs on a channel and hands over the payloads PostgreSQL delivers to it.
 *
 * <p>Only the driver's own {@code PGConnection.getNotifications(int)} can receive notifications, and the driver is a
 * runtime dependency, so its two methods are looked up by name here and nowhere else. With the driver on the
 * compile classpath this becomes {@code connection.unwrap(PGConnection.class).getNotifications(timeout)}.
 */
final class ListenConnection implements AutoCloseable {

    private static final String PG_CONNECTION = "org.postgresql.PGConnection";
    private static final String PG_NOTIFICATION = "org.postgresql.PGNotification";

    private final Connection connection;
    private final Object driverConnection;
    private final Method getNotifications;
    private final Method getParameter;
    private final int backendPid;

    private ListenConnection(Connection connection, String channel) throws SQLException {
        this.connection = connection;
        ClassLoader loader = ListenConnection.class.getClassLoader();
        try {
            Class<?> pgConnection = Class.forName(PG_CONNECTION, true, loader);
            this.driverConnection = connection.unwrap(pgConnection);
            this.getNotifications = pgConnection.getMethod("getNotifications", int.class);
            this.getParameter = Class.forName(PG_NOTIFICATION, true, loader).getMethod("getParameter");
        } catch (ReflectiveOperationException e) {
            throw new SQLException("The PostgreSQL JDBC driver is needed to listen for session notifications", e);
        }
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
        Object[] notifications = (Object[]) invoke(getNotifications, driverConnection, timeoutMillis);
        if (notifications == null) {
            return List.of();
        }
        var payloads = new ArrayList<String>(notifications.length);
        for (Object notification : notifications) {
            payloads.add((String) invoke(getParameter, notification));
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

    private static Object invoke(Method method, Object target, Object... arguments) throws SQLException {
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw new SQLException("Listening for notifications failed", e.getCause());
        } catch (IllegalAccessException e) {
            throw new SQLException("Cannot call the driver's " + method.getName(), e);
        }
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
