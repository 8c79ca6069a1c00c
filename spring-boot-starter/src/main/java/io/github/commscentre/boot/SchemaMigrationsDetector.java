package io.github.commscentre.boot;

import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;

import java.util.Set;

/**
 * Tells Spring Boot that {@link SchemaMigrations} initialises the database, and when: Boot orders initialisers by
 * their detectors' order, each batch after the one before. Flyway's and Liquibase's detectors have orders 0 and 1, so
 * ours, later, runs after the host's migrations; and every bean that depends on database initialisation (the
 * {@code EntityManagerFactory} among them) waits for ours too.
 */
public final class SchemaMigrationsDetector extends AbstractBeansOfTypeDatabaseInitializerDetector {

    /** After Flyway (0), Flyway's initializer (1) and Liquibase (0); before {@code spring.sql.init} scripts. */
    static final int ORDER = 100;

    @Override
    protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
        return Set.of(SchemaMigrations.class);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

}
