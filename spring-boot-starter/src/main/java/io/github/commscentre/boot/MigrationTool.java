package io.github.commscentre.boot;

/** Which tool applies the library's migrations ({@code commscentre.migrations.tool}). */
public enum MigrationTool {
    /** The tool the host uses; Flyway when that says nothing and Flyway is on the classpath, else Liquibase. */
    AUTO,
    /** Flyway, with the shipped SQL of the detected database and a history table of its own. */
    FLYWAY,
    /** Liquibase, with the starter's change log (the same SQL) and a change-log table of its own. */
    LIQUIBASE
}
