package io.github.commscentre.testkit;

import io.github.commscentre.AddRecipientsResult;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationChanges;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.ErrorCode;
import io.github.commscentre.Recipient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;

import static io.github.commscentre.testkit.BehaviourChecks.expectError;
import static org.assertj.core.api.Assertions.assertThat;

/** The lifecycle table: which call is allowed in which status, and what each leaves. */
abstract class LifecycleTableBehaviour extends BehaviourFixture {

    @ParameterizedTest(name = "update of a {0} communication")
    @EnumSource(CommunicationStatus.class)
    void updateRow(CommunicationStatus status) {
        Communication c = inState(status);
        tick();
        CommunicationChanges changes = CommunicationChanges.builder().subject("Changed subject").build();
        if (status.isEditable()) {
            Communication u = centre.update(admin, c.id(), changes);
            assertThat(u.subject()).isEqualTo("Changed subject");
            assertThat(u.status()).isEqualTo(status);
            assertThat(current(c.id())).isEqualTo(u);
        } else {
            rejected(ErrorCode.CONFLICT, () -> centre.update(admin, c.id(), changes));
            rejected(ErrorCode.CONFLICT, () -> centre.update(admin, c.id(), CommunicationChanges.builder().notes("n").build()));
            rejected(ErrorCode.CONFLICT, () -> centre.update(admin, c.id(),
                    CommunicationChanges.builder().scheduledAt(now().plus(Duration.ofDays(1))).build()));
            rejected(ErrorCode.CONFLICT, () -> centre.update(admin, c.id(), CommunicationChanges.builder().scheduledAt(null).build()));
        }
    }

    @ParameterizedTest(name = "delete of a {0} communication")
    @EnumSource(CommunicationStatus.class)
    void deleteRow(CommunicationStatus status) {
        Communication c = inState(status);
        tick();
        if (status.isEditable()) {
            centre.delete(admin, c.id());
            expectError(ErrorCode.NOT_FOUND, () -> centre.getById(admin, c.id()));
        } else {
            rejected(ErrorCode.CONFLICT, () -> centre.delete(admin, c.id()));
            assertThat(current(c.id())).isEqualTo(c);
        }
    }

    @ParameterizedTest(name = "addRecipients to a {0} communication")
    @EnumSource(CommunicationStatus.class)
    void addRecipientsRow(CommunicationStatus status) {
        Communication c = inState(status);
        tick();
        if (status.isEditable()) {
            assertThat(centre.addRecipients(admin, c.id(), List.of("a4", "b1")).added()).isEqualTo(2);
            assertThat(recipients(c.id())).extracting(Recipient::unitId).containsExactly("a1", "a2", "a3", "a4", "b1");
        } else {
            rejected(ErrorCode.CONFLICT, () -> centre.addRecipients(admin, c.id(), List.of("a4", "b1")));
            rejected(ErrorCode.CONFLICT, () -> centre.addRecipients(admin, c.id(), List.of("a1")));
        }
    }

    @ParameterizedTest(name = "addBlockRecipients to a {0} communication")
    @EnumSource(CommunicationStatus.class)
    void addBlockRecipientsRow(CommunicationStatus status) {
        Communication c = inState(status);
        tick();
        if (status.isEditable()) {
            assertThat(centre.addBlockRecipients(admin, c.id())).isEqualTo(new AddRecipientsResult(1, 3, 0));
        } else {
            rejected(ErrorCode.CONFLICT, () -> centre.addBlockRecipients(admin, c.id()));
        }
    }

    @ParameterizedTest(name = "markSent of a {0} communication")
    @EnumSource(CommunicationStatus.class)
    void markSentRow(CommunicationStatus status) {
        Communication c = inState(status);
        tick();
        if (status.isEditable()) {
            Communication sent = centre.markSent(admin, c.id());
            assertThat(sent.status()).isEqualTo(CommunicationStatus.SENT);
            assertThat(current(c.id())).isEqualTo(sent);
        } else {
            rejected(ErrorCode.CONFLICT, () -> centre.markSent(admin, c.id()));
        }
    }

    @ParameterizedTest(name = "send of a {0} communication")
    @EnumSource(CommunicationStatus.class)
    void sendRow(CommunicationStatus status) {
        Communication c = inState(status);
        tick();
        if (status.isEditable()) {
            Communication sending = centre.send(admin, c.id());
            assertThat(sending.status()).isEqualTo(CommunicationStatus.SENDING);
            assertThat(current(c.id())).isEqualTo(sending);
        } else {
            rejected(ErrorCode.CONFLICT, () -> centre.send(admin, c.id()));
        }
    }

    @ParameterizedTest(name = "markFailed of a {0} communication")
    @EnumSource(CommunicationStatus.class)
    void markFailedRow(CommunicationStatus status) {
        Communication c = inState(status);
        tick();
        if (status.isEditable()) {
            Communication failed = centre.markFailed(admin, c.id(), "franking machine broken");
            assertThat(failed.status()).isEqualTo(CommunicationStatus.FAILED);
            assertThat(current(c.id())).isEqualTo(failed);
        } else {
            rejected(ErrorCode.CONFLICT, () -> centre.markFailed(admin, c.id(), "again"));
            rejected(ErrorCode.CONFLICT, () -> centre.markFailed(admin, c.id(), null));
        }
    }

    @ParameterizedTest(name = "duplicate of a {0} communication")
    @EnumSource(CommunicationStatus.class)
    void duplicateRow(CommunicationStatus status) {
        Communication c = inState(status);
        tick();
        Communication copy = duplicate(c.id(), true);
        assertThat(copy.status()).isEqualTo(CommunicationStatus.DRAFT);
        assertThat(copy.id()).isNotEqualTo(c.id());
        assertThat(copy.subject()).isEqualTo(c.subject());
        assertThat(recipients(copy.id())).extracting(Recipient::unitId).containsExactly("a1", "a2", "a3");
        assertThat(current(c.id())).as("the original is untouched").isEqualTo(c);
    }
}
