package io.github.commscentre.boot;

import org.springframework.beans.factory.DisposableBean;

/**
 * Drops a test class's PostgreSQL schema when its application context closes: after the starter's background work
 * has stopped (lifecycle beans stop before singletons are destroyed), so no dispatch round meets a missing table.
 */
final class PostgresSchemaDrop implements DisposableBean {

    private final String schema;

    PostgresSchemaDrop(String schema) {
        this.schema = schema;
    }

    @Override
    public void destroy() {
        TestDatabases.dropPostgresSchema(schema);
    }
}
