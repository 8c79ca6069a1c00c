package io.github.commscentre.reliability.support;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A data source that counts the round trips a call makes to the database (every statement execution, every
 * batch, every commit) and can make the n-th of them fail: either the statement fails and the connection stays
 * usable, or the connection drops (the physical connection is closed under the driver's feet, as when a
 * network link or the server goes away). Everything else passes straight through to the real data source.
 */
public final class FaultInjectingDataSource extends DelegatingDataSource {

    /** How the n-th round trip fails. */
    public enum Fault {
        /** The statement (or batch, or commit) throws; the connection stays open. */
        FAILING_STATEMENT,
        /** The physical connection is closed, then the statement throws as a dropped link would. */
        DROPPED_CONNECTION
    }

    private static final Set<String> EXECUTIONS = Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate",
            "executeBatch", "executeLargeBatch");

    private final AtomicInteger roundTrips = new AtomicInteger();
    private volatile int failAt = -1;
    private volatile Fault fault;
    private final AtomicInteger injected = new AtomicInteger();

    /** @param delegate the real data source */
    public FaultInjectingDataSource(DataSource delegate) {
        super(delegate);
    }

    /** Starts counting round trips from zero, with no fault armed. */
    public void count() {
        failAt = -1;
        roundTrips.set(0);
    }

    /** Makes the n-th round trip from now (1-based) fail in the given way, once. */
    public void arm(int n, Fault fault) {
        this.fault = fault;
        roundTrips.set(0);
        this.failAt = n;
    }

    /** Disarms. */
    public void disarm() {
        failAt = -1;
    }

    /** @return round trips since {@link #count()} or {@link #arm} */
    public int roundTrips() {
        return roundTrips.get();
    }

    /** @return how many faults were actually injected so far */
    public int injected() {
        return injected.get();
    }

    private void roundTrip(Connection physical, String what) throws SQLException {
        int n = roundTrips.incrementAndGet();
        if (n == failAt) {
            failAt = -1;
            injected.incrementAndGet();
            if (fault == Fault.DROPPED_CONNECTION) {
                physical.close();
                throw new SQLException("injected fault: connection dropped during " + what, "08006");
            }
            throw new SQLException("injected fault: " + what + " failed", "58000");
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        return wrap(delegate.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return wrap(delegate.getConnection(username, password));
    }

    private Connection wrap(Connection physical) {
        InvocationHandler handler = (proxy, method, args) -> {
            String name = method.getName();
            if (name.equals("commit")) {
                roundTrip(physical, "commit");
            }
            Object result = invoke(physical, method, args);
            if (result instanceof Statement statement && (name.startsWith("create") || name.startsWith("prepare"))) {
                return wrapStatement(physical, statement, method.getReturnType());
            }
            return result;
        };
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Connection.class}, handler);
    }

    private Object wrapStatement(Connection physical, Statement statement, Class<?> type) {
        Class<?> iface = CallableStatement.class.isAssignableFrom(type) ? CallableStatement.class
                : PreparedStatement.class.isAssignableFrom(type) ? PreparedStatement.class : Statement.class;
        InvocationHandler handler = (proxy, method, args) -> {
            if (EXECUTIONS.contains(method.getName())) {
                roundTrip(physical, method.getName());
            }
            return invoke(statement, method, args);
        };
        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{iface}, handler);
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
