package io.github.commscentre.jpa;

import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationChanges;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.PageRequest;
import io.github.commscentre.Recipient;
import io.github.commscentre.RecipientFilter;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One organisation's representative use of the library, for schema rehearsals (partitioned tables, a runtime role):
 * create, recipients, send, statuses forward after sending, a draft deleted with its recipients, an update, list,
 * count, the audit trail of a deleted communication, verify. Expects units {@code unit-1...} in block
 * {@code block-1}, at least two of them.
 */
final class RepresentativeWorkload {

    /** What the workload left behind: a sent communication whose first recipient is opened and second bounced. */
    record Outcome(Communication sent, Recipient opened, Recipient bounced, Communication deletedDraft) {
    }

    private RepresentativeWorkload() {
    }

    static Outcome run(CommunicationCentre centre, Caller caller) {
        Communication c = centre.create(caller, NewCommunication.builder(CommunicationType.NOTICE, "notice").blockId("block-1").build());
        centre.addBlockRecipients(caller, c.id());
        Communication sent = centre.markSent(caller, c.id());
        List<Recipient> recipients = centre.listRecipients(caller, c.id(), RecipientFilter.all(), PageRequest.first(5)).items();
        centre.updateRecipientStatus(caller, recipients.get(0).id(), DeliveryStatus.DELIVERED);
        Recipient opened = centre.updateRecipientStatus(caller, recipients.get(0).id(), DeliveryStatus.OPENED);
        Recipient bounced = centre.updateRecipientStatus(caller, recipients.get(1).id(), DeliveryStatus.BOUNCED, "mailbox full");
        Communication draft = centre.create(caller, NewCommunication.builder(CommunicationType.CIRCULAR, "draft").blockId("block-1").build());
        centre.addBlockRecipients(caller, draft.id());
        centre.delete(caller, draft.id());
        Communication kept = centre.create(caller, NewCommunication.builder(CommunicationType.AGM_NOTICE, "agm").build());
        centre.update(caller, kept.id(), CommunicationChanges.builder().notes("room 2").build());

        assertThat(centre.list(caller, CommunicationFilter.all(), PageRequest.first(10)).items()).hasSize(2);
        assertThat(centre.count(caller, CommunicationFilter.all())).isEqualTo(2);
        assertThat(centre.listRecipients(caller, sent.id(), RecipientFilter.byStatus(DeliveryStatus.BOUNCED), PageRequest.first(5))
                .items()).containsExactly(bounced);
        assertThat(centre.auditTrail(caller, draft.id())).hasSize(3);
        assertThat(centre.verifyAuditTrail(caller).intact()).isTrue();
        return new Outcome(sent, opened, bounced, draft);
    }
}
