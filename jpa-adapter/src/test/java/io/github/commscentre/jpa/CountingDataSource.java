package io.github.commscentre.jpa;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wraps a data source and counts the statements sent to the database: each {@code execute*} call counts one,
 * and so does each {@code executeBatch} (however many rows the batch carries). Batches are also counted apart,
 * to prove that batching happens at all. The SQL of each prepared statement is kept, to prove what a call reads.
 */
final class CountingDataSource {

    private static final Set<String> EXECUTIONS = Set.of(
            "execute", "executeQuery", "executeUpdate", "executeLargeUpdate", "executeBatch", "executeLargeBatch");

    private final AtomicLong statements = new AtomicLong();
    private final List<String> sql = new CopyOnWriteArrayList<>();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong transactionEnds = new AtomicLong();
    private final DataSource dataSource;

    CountingDataSource(DataSource target) {
        this.dataSource = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{DataSource.class},
                forwarding(target, (method, result) -> method.getName().equals("getConnection") ? connection((Connection) result) : result));
    }

    DataSource dataSource() {
        return dataSource;
    }

    long statements() {
        return statements.get();
    }

    long batches() {
        return batches.get();
    }

    /** @return commits and rollbacks on the connections handed out: each is a round trip of its own */
    long transactionEnds() {
        return transactionEnds.get();
    }

    /** @return the SQL of every statement prepared since the last reset, in order */
    List<String> sql() {
        return List.copyOf(sql);
    }

    void reset() {
        sql.clear();
        statements.set(0);
        batches.set(0);
        transactionEnds.set(0);
    }

    private Connection connection(Connection target) {
        InvocationHandler forward = forwarding(target, (method, result) -> {
            if (method.getName().equals("commit") || method.getName().equals("rollback")) {
                transactionEnds.incrementAndGet();
            }
            return result instanceof Statement ? statement((Statement) result) : result;
        });
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().startsWith("prepare") && args != null && args.length > 0 && args[0] instanceof String text) {
                        sql.add(text);
                    }
                    return forward.invoke(proxy, method, args);
                });
    }

    private Object statement(Statement target) {
        Class<?>[] interfaces = target.getClass().getInterfaces().length == 0 ? new Class<?>[]{Statement.class}
                : allStatementInterfaces(target);
        return Proxy.newProxyInstance(getClass().getClassLoader(), interfaces, (proxy, method, args) -> {
            if (EXECUTIONS.contains(method.getName())) {
                statements.incrementAndGet();
                if (method.getName().endsWith("Batch")) {
                    batches.incrementAndGet();
                }
            }
            return invoke(target, method, args);
        });
    }

    private static Class<?>[] allStatementInterfaces(Statement target) {
        if (target instanceof java.sql.CallableStatement) {
            return new Class<?>[]{java.sql.CallableStatement.class};
        }
        if (target instanceof java.sql.PreparedStatement) {
            return new Class<?>[]{java.sql.PreparedStatement.class};
        }
        return new Class<?>[]{Statement.class};
    }

    private interface ResultMapper {
        Object map(Method method, Object result);
    }

    private static InvocationHandler forwarding(Object target, ResultMapper mapper) {
        return (proxy, method, args) -> {
            if (method.getName().equals("unwrap") || method.getName().equals("isWrapperFor")) {
                return invoke(target, method, args);
            }
            return mapper.map(method, invoke(target, method, args));
        };
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
