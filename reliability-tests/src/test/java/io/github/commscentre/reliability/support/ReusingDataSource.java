package io.github.commscentre.reliability.support;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The smallest connection pool that lets a data-source-based store avoid a new PostgreSQL login per call: a
 * connection handed back is kept for reuse if it is still open and can be reset (rolled back, auto-commit on),
 * and dropped otherwise. A connection the fault injector closed is therefore never handed out again, as a real
 * pool would evict it.
 */
public final class ReusingDataSource extends DelegatingDataSource {

    private final Deque<Connection> idle = new ArrayDeque<>();

    /** @param delegate where new connections come from */
    public ReusingDataSource(DataSource delegate) {
        super(delegate);
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection physical;
        synchronized (idle) {
            physical = idle.poll();
        }
        if (physical == null) {
            physical = delegate.getConnection();
        }
        Connection target = physical;
        boolean[] closed = {false};
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Connection.class}, (proxy, method, args) -> {
            if (method.getName().equals("close")) {
                if (!closed[0]) {
                    closed[0] = true;
                    giveBack(target);
                }
                return null;
            }
            if (method.getName().equals("isClosed") && closed[0]) {
                return true;
            }
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    private void giveBack(Connection physical) {
        try {
            if (physical.isClosed()) {
                return;
            }
            if (!physical.getAutoCommit()) {
                physical.rollback();
                physical.setAutoCommit(true);
            }
            synchronized (idle) {
                idle.push(physical);
            }
        } catch (SQLException e) {
            try {
                physical.close();
            } catch (SQLException ignored) {
                // It was broken already; dropping it is all that is left to do.
            }
        }
    }

    /** Closes the idle connections. */
    public void closeIdle() {
        synchronized (idle) {
            for (Connection c : idle) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // Closing at the end of a test; nothing depends on it.
                }
            }
            idle.clear();
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("credentials are configured on the delegate");
    }
}
