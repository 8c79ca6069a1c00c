package io.github.commscentre.jpa;

/** A pack made on PostgreSQL verifies once the database (its schema) is gone; skipped without PostgreSQL. */
class EvidencePackWithoutTheDatabasePostgresTest extends EvidencePackWithoutTheDatabaseTest {

    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }
}
