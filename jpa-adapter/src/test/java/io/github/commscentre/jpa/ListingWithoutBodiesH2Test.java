package io.github.commscentre.jpa;

import org.junit.jupiter.api.extension.RegisterExtension;

/** A listing reads no body, on H2. */
class ListingWithoutBodiesH2Test extends ListingWithoutBodiesTest {

    @RegisterExtension
    static final PerClassDatabase DATABASE = new PerClassDatabase(TestDatabase::h2);

    @Override
    PerClassDatabase classDatabase() {
        return DATABASE;
    }
}
