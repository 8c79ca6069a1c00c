package io.github.commscentre.jpa;

/** A pack made on H2 verifies once the database is gone. */
class EvidencePackWithoutTheDatabaseH2Test extends EvidencePackWithoutTheDatabaseTest {

    @Override
    TestDatabase database() {
        return TestDatabase.h2();
    }
}
