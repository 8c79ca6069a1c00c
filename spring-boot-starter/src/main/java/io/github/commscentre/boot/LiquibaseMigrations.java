package io.github.commscentre.boot;

import liquibase.integration.spring.SpringLiquibase;
import org.springframework.core.io.DefaultResourceLoader;

import javax.sql.DataSource;

/**
 * Our change log through Liquibase. Only loaded when Liquibase is the tool, so Liquibase stays optional. The
 * {@code SpringLiquibase} here is never a bean: a bean of that type would make Spring Boot's own Liquibase back off.
 */
final class LiquibaseMigrations {

    /** The change log shipped in this jar: each of the JPA adapter's SQL scripts, for the database in use. */
    static final String CHANGE_LOG = "classpath:db/communication-centre/liquibase/changelog.xml";

    private LiquibaseMigrations() {
    }

    static void migrate(DataSource dataSource, String historyTable) {
        SpringLiquibase liquibase = new SpringLiquibase();
        liquibase.setDataSource(dataSource);
        liquibase.setChangeLog(CHANGE_LOG);
        liquibase.setDatabaseChangeLogTable(historyTable);
        liquibase.setDatabaseChangeLogLockTable(historyTable + "_lock");
        liquibase.setResourceLoader(new DefaultResourceLoader(LiquibaseMigrations.class.getClassLoader()));
        try {
            liquibase.afterPropertiesSet();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("the Communications Centre's Liquibase migrations failed: " + e.getMessage(), e);
        }
    }
}
