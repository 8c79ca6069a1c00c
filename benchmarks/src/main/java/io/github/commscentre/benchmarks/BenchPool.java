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
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
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
    /**
     * JDBC executions (execute, executeQuery, executeUpdate, executeBatch) and transaction ends, counted only when
     * {@link #counting} is on ({@link StatementCounts}): the benchmarks themselves run on unwrapped statements.
     */
    volatile boolean counting;
    final LongAdder executions = new LongAdder();
    final LongAdder transactionEnds = new LongAdder();

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
                        if (counting && (method.getName().equals("commit") || method.getName().equals("rollback"))) {
                            transactionEnds.increment();
                        }
                        Object result;
                        try {
                            result = method.invoke(physical, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                        return counting && result instanceof Statement statement ? counting(statement) : result;
                }
            }
        };
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class}, handler);
    }

    /** Wraps a statement so that its executions are counted; every interface it implements is kept. */
    private Object counting(Statement statement) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().startsWith("execute")) {
                executions.increment();
            }
            if (method.getName().equals("unwrap") && ((Class<?>) args[0]).isInstance(proxy)) {
                return proxy;
            }
            try {
                return method.invoke(statement, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return Proxy.newProxyInstance(BenchPool.class.getClassLoader(), interfaces(statement.getClass()), handler);
    }

    private static Class<?>[] interfaces(Class<?> type) {
        java.util.Set<Class<?>> all = new java.util.LinkedHashSet<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            all.addAll(List.of(c.getInterfaces()));
        }
        all.removeIf(i -> !java.lang.reflect.Modifier.isPublic(i.getModifiers()));
        return all.toArray(new Class<?>[0]);
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
