package io.github.commscentre.testkit;

import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.ErrorCode;
import io.github.commscentre.Page;
import io.github.commscentre.PageRequest;
import io.github.commscentre.Recipient;
import io.github.commscentre.RecipientFilter;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.github.commscentre.testkit.BehaviourChecks.tamperedCursor;
import static org.assertj.core.api.Assertions.assertThat;

/** Listing a communication's recipients in position order, by status, with cursors. */
abstract class ListingRecipientsBehaviour extends BehaviourFixture {

    @Test
    void recipientsComeInTheOrderTheyWereAddedFilteredAndPaged() {
        Communication c = draft();
        centre.addRecipients(admin, c.id(), List.of("b2", "a3"));
        centre.addRecipients(admin, c.id(), List.of("a1", "a4", "b1", "a2"));
        centre.updateRecipientStatus(admin, recipient(c.id(), "a3").id(), DeliveryStatus.DELIVERED);
        centre.updateRecipientStatus(admin, recipient(c.id(), "b1").id(), DeliveryStatus.DELIVERED);
        centre.updateRecipientStatus(admin, recipient(c.id(), "a2").id(), DeliveryStatus.BOUNCED, "full");
        centre.updateRecipientStatus(admin, recipient(c.id(), "b2").id(), DeliveryStatus.DELIVERED);
        List<String> order = List.of("b2", "a3", "a1", "a4", "b1", "a2");
        for (int limit : new int[]{1, 2, 4, 6, 100}) {
            assertThat(recipients(member, c.id(), RecipientFilter.all(), limit)).extracting(Recipient::unitId)
                    .as("limit %d", limit).containsExactlyElementsOf(order);
            assertThat(recipients(member, c.id(), RecipientFilter.byStatus(DeliveryStatus.DELIVERED), limit))
                    .extracting(Recipient::unitId).containsExactly("b2", "a3", "b1");
            assertThat(recipients(member, c.id(), RecipientFilter.byStatus(DeliveryStatus.PENDING), limit))
                    .extracting(Recipient::unitId).containsExactly("a1", "a4");
            assertThat(recipients(member, c.id(), RecipientFilter.byStatus(DeliveryStatus.BOUNCED), limit))
                    .extracting(Recipient::unitId).containsExactly("a2");
            assertThat(recipients(member, c.id(), RecipientFilter.byStatus(DeliveryStatus.OPENED), limit)).isEmpty();
        }
        assertThat(recipients(c.id())).extracting(Recipient::position).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(centre.listRecipients(admin, c.id(), RecipientFilter.all(), PageRequest.first()).items()).hasSize(6);
    }

    @Test
    void pagingRecipientsWhileOthersAreAddedNeverRepeatsOrSkips() {
        Communication c = draft();
        centre.addRecipients(admin, c.id(), List.of("a1", "a2", "a3"));
        Page<Recipient> first = centre.listRecipients(admin, c.id(), RecipientFilter.all(), PageRequest.first(2));
        centre.addRecipients(admin, c.id(), List.of("a4", "b1"));
        Page<Recipient> second = centre.listRecipients(admin, c.id(), RecipientFilter.all(), PageRequest.after(first.nextCursor(), 2));
        assertThat(Stream.concat(first.items().stream(), second.items().stream())).extracting(Recipient::unitId)
                .containsExactly("a1", "a2", "a3", "a4");
    }

    @Test
    void limitAndCursorRulesApplyToRecipientsToo() {
        Communication c = draft();
        Communication d = draft();
        centre.addRecipients(admin, c.id(), List.of("a1", "a2", "a3"));
        centre.addRecipients(admin, d.id(), List.of("a1", "a2", "a3"));
        for (int bad : new int[]{0, -5, 101}) {
            CommunicationCentreException e = rejected(ErrorCode.BAD_REQUEST,
                    () -> centre.listRecipients(admin, c.id(), RecipientFilter.all(), PageRequest.first(bad)));
            assertThat(e.getMessage()).contains("limit");
        }
        String cursor = centre.listRecipients(admin, c.id(), RecipientFilter.all(), PageRequest.first(1)).nextCursor();
        Map<String, ThrowingCallable> bad = new LinkedHashMap<>();
        bad.put("malformed", () -> centre.listRecipients(admin, c.id(), RecipientFilter.all(), PageRequest.after("nope", 1)));
        bad.put("tampered", () -> centre.listRecipients(admin, c.id(), RecipientFilter.all(),
                PageRequest.after(tamperedCursor(cursor), 1)));
        bad.put("of another communication", () -> centre.listRecipients(admin, d.id(), RecipientFilter.all(),
                PageRequest.after(cursor, 1)));
        bad.put("of another filter", () -> centre.listRecipients(admin, c.id(), RecipientFilter.byStatus(DeliveryStatus.PENDING),
                PageRequest.after(cursor, 1)));
        bad.forEach((name, call) -> {
            CommunicationCentreException e = rejected(ErrorCode.BAD_REQUEST, call);
            assertThat(e.getMessage()).as(name).contains("cursor");
        });
        assertThat(centre.listRecipients(admin, c.id(), RecipientFilter.all(), PageRequest.after(cursor, 5)).items())
                .extracting(Recipient::unitId).containsExactly("a2", "a3");
    }
}
