package io.github.commscentre.benchmarks;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * A minimal connection pool, shared by the library's store and by the raw JDBC baselines, so that every contender
 * pays the same (small) price for a connection and the ratios compare work, not pools. Closing a handed-out
 * connection rolls back anything left open, restores auto-commit and returns it.
 */
final class BenchPool implements DataSource, AutoCloseable {

    /** Opens a physical connection. */
    @FunctionalInterface
    interface Opener {
        Connection open() throws SQLException;
    }

    private final Opener opener;
    private final int maxSize;
    private final LinkedBlockingDeque<Connection> idle = new LinkedBlockingDeque<>();
    private final List<Connection> all = new ArrayList<>();
    private final AtomicInteger created = new AtomicInteger();

    BenchPool(Opener opener, int maxSize) {
        this.opener = opener;
        this.maxSize = maxSize;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection physical = idle.pollFirst();
        if (physical == null) {
            if (created.incrementAndGet() <= maxSize) {
                physical = opener.open();
                synchronized (all) {
                    all.add(physical);
                }
            } else {
                created.decrementAndGet();
                try {
                    physical = idle.pollFirst(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("interrupted while waiting for a connection", e);
                }
                if (physical == null) {
                    throw new SQLException("no connection free after 60 s (pool of " + maxSize + ")");
                }
            }
        }
        return handOut(physical);
    }

    private Connection handOut(Connection physical) {
        InvocationHandler handler = new InvocationHandler() {
            private boolean closed;

            @Override
            public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
                switch (method.getName()) {
                    case "close":
                        if (!closed) {
                            closed = true;
                            giveBack(physical);
                        }
                        return null;
                    case "isClosed":
                        return closed || physical.isClosed();
                    case "unwrap":
                        if (((Class<?>) args[0]).isInstance(proxy)) {
                            return proxy;
                        }
                        return physical.unwrap((Class<?>) args[0]);
                    case "isWrapperFor":
                        return ((Class<?>) args[0]).isInstance(proxy) || physical.isWrapperFor((Class<?>) args[0]);
                    case "equals":
                        return proxy == args[0];
                    case "hashCode":
                        return System.identityHashCode(proxy);
                    case "toString":
                        return "pooled " + physical;
                    default:
                        if (closed) {
                            throw new SQLException("connection already returned to the pool");
                        }
                        try {
                            return method.invoke(physical, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                }
            }
        };
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class}, handler);
    }

    private void giveBack(Connection physical) throws SQLException {
        try {
            if (!physical.getAutoCommit()) {
                physical.rollback();
                physical.setAutoCommit(true);
            }
            idle.offerFirst(physical);
        } catch (SQLException e) {
            created.decrementAndGet();
            synchronized (all) {
                all.remove(physical);
            }
            physical.close();
            throw e;
        }
    }

    @Override
    public void close() {
        synchronized (all) {
            for (Connection connection : all) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // Shutting down: nothing left to do with a connection that will not close.
                }
            }
            all.clear();
        }
        idle.clear();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the pool has fixed credentials");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a wrapper of " + type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }
}
