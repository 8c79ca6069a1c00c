package io.github.commscentre.inmemory;

import io.github.commscentre.Caller;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.ErrorCode;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.PageRequest;
import io.github.commscentre.RecipientFilter;
import io.github.commscentre.testkit.InMemoryPropertyDirectory;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The store keeps an entry per organisation that has written, not per organisation ever read. */
class InMemoryOrganisationsTest {

    private final InMemoryCommunicationStore store = new InMemoryCommunicationStore();
    private final CommunicationCentre centre = CommunicationCentre.builder().store(store)
            .directory(new InMemoryPropertyDirectory()).build();

    @Test
    void readsOfUnknownOrganisationsCreateNothing() {
        for (int i = 0; i < 1_000; i++) {
            String org = "org-" + UUID.randomUUID();
            Caller member = Caller.member(org, "probe");
            assertThat(centre.list(member, CommunicationFilter.all(), PageRequest.first()).items()).isEmpty();
            assertThat(centre.count(member, CommunicationFilter.all())).isZero();
            assertThat(centre.verifyAuditTrail(member).intact()).isTrue();
            UUID unknown = UUID.randomUUID();
            notFound(() -> centre.getById(member, unknown));
            notFound(() -> centre.listRecipients(member, unknown, RecipientFilter.all(), PageRequest.first()));
            notFound(() -> centre.auditTrail(member, unknown));
            long stored = store.read(org, tx -> tx.countCommunications(CommunicationFilter.all()));
            long linked = store.readDetached(org, tx -> tx.auditChainHead().lastSequence());
            assertThat(stored + linked).isZero();
        }
        assertThat(store.organisationCount()).as("reads of 1,000 unknown organisations").isZero();
        assertThat(store).hasToString("InMemoryCommunicationStore[organisations=0]");
    }

    @Test
    void aWriteCreatesTheEntryAndLaterReadsSeeIt() {
        Caller admin = Caller.admin("org-" + UUID.randomUUID(), "admin");
        centre.list(admin, CommunicationFilter.all(), PageRequest.first());
        assertThat(store.organisationCount()).isZero();

        centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "First").build());

        assertThat(store.organisationCount()).isEqualTo(1);
        assertThat(centre.count(admin, CommunicationFilter.all())).isEqualTo(1);
        assertThat(store.organisationCount()).isEqualTo(1);
    }

    private static void notFound(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        CommunicationCentreException e = catchThrowableOfType(call, CommunicationCentreException.class);
        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
    }
}
