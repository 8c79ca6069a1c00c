package io.github.commscentre.testkit;

import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.Page;
import io.github.commscentre.PageRequest;
import io.github.commscentre.RecipientFilter;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Cursors are signed with the facade's cursor key over the listing they belong to: facades sharing a key accept each
 * other's cursors, nobody without the key can make one, and even a signed cursor is refused when its position is an
 * instant no store keeps. Every refusal is {@code BAD_REQUEST} naming {@code cursor}, never a store failure.
 */
abstract class CursorSigningBehaviour extends BehaviourFixture {

    private static final byte[] KEY = "a cursor key shared by instances!".getBytes(StandardCharsets.US_ASCII);

    /** Newest first, as the listing gives them. */
    private final List<Communication> letters = new ArrayList<>();

    @BeforeEach
    void fiveLetters() {
        for (int i = 0; i < 5; i++) {
            tick();
            letters.add(0, create(notice("Letter " + i).blockId(BLOCK_A).build()));
        }
    }

    private CommunicationCentre keyed(byte[] key) {
        return CommunicationCentre.builder().store(store).directory(directory).clock(clock).cursorKey(key).build();
    }

    @Test
    void facadesSharingACursorKeyAcceptEachOthersCursors() {
        CommunicationCentre first = keyed(KEY);
        CommunicationCentre second = keyed(KEY.clone());
        Page<?> page = first.list(member, CommunicationFilter.all(), PageRequest.first(2));
        Page<?> next = second.list(member, CommunicationFilter.all(), PageRequest.after(page.nextCursor(), 2));
        assertThat(next.items()).extracting("id").containsExactly(letters.get(2).id(), letters.get(3).id());

        Communication c = letters.get(0);
        centre.addRecipients(admin, c.id(), List.of("a1", "a2", "a3"));
        String recipients = first.listRecipients(member, c.id(), RecipientFilter.all(), PageRequest.first(1)).nextCursor();
        assertThat(second.listRecipients(member, c.id(), RecipientFilter.all(), PageRequest.after(recipients, 5)).items())
                .extracting("unitId").containsExactly("a2", "a3");
    }

    @Test
    void aFacadeWithAnotherKeyOrNoneRefusesTheCursor() {
        String cursor = keyed(KEY).list(member, CommunicationFilter.all(), PageRequest.first(2)).nextCursor();
        byte[] otherKey = KEY.clone();
        otherKey[31] ^= 1;
        badCursor(() -> keyed(otherKey).list(member, CommunicationFilter.all(), PageRequest.after(cursor, 2)));
        // without a key of its own each facade signs with a random one: a second instance refuses the first one's cursor
        String unkeyed = centre.list(member, CommunicationFilter.all(), PageRequest.first(2)).nextCursor();
        badCursor(() -> centreOver(store).list(member, CommunicationFilter.all(), PageRequest.after(unkeyed, 2)));
        assertThat(centre.list(member, CommunicationFilter.all(), PageRequest.after(unkeyed, 2)).items()).hasSize(2);
    }

    @Test
    void aCursorMadeWithoutTheKeyIsRefused() {
        Communication newest = letters.get(0);
        CommunicationFilter all = CommunicationFilter.all();
        // the documented layout with the right key is a cursor the facade accepts: the forgeries below differ in the key
        String genuine = CursorForgery.communications(KEY, org, all, newest.createdAt(), newest.id());
        assertThat(keyed(KEY).list(member, all, PageRequest.after(genuine, 10)).items()).hasSize(4);

        Map<String, String> forged = new LinkedHashMap<>();
        forged.put("signed with a guessed key", CursorForgery.communications(new byte[32], org, all, newest.createdAt(), newest.id()));
        forged.put("signed with the key of another facade", CursorForgery.communications("another facade's key, 32 bytes.."
                .getBytes(StandardCharsets.US_ASCII), org, all, newest.createdAt(), newest.id()));
        forged.put("signed for another organisation", CursorForgery.communications(KEY, otherOrg, all, newest.createdAt(), newest.id()));
        forged.put("signed for another filter", CursorForgery.communications(KEY, org,
                CommunicationFilter.builder().blockId(BLOCK_A).build(), newest.createdAt(), newest.id()));
        forged.forEach((how, cursor) -> {
            CommunicationCentreException e = badCursor(() -> keyed(KEY).list(member, all, PageRequest.after(cursor, 10)));
            assertThat(e.getMessage()).as(how).startsWith("cursor");
        });
    }

    @Test
    void aSignedCursorAtAnInstantNoStoreKeepsIsABadRequestNotUnavailable() {
        CommunicationFilter all = CommunicationFilter.all();
        UUID id = letters.get(0).id();
        for (Instant outside : List.of(Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("+294276-01-01T00:00:00Z"),
                Instant.parse("-0001-01-01T00:00:00Z"), Instant.MAX, Instant.MIN, Instant.ofEpochSecond(-62_135_596_801L))) {
            String cursor = CursorForgery.communications(KEY, org, all, outside, id);
            badCursor(() -> keyed(KEY).list(member, all, PageRequest.after(cursor, 10)));
        }
        // the edges of the stored range are positions like any other
        String latest = CursorForgery.communications(KEY, org, all, Instant.parse("9999-12-31T23:59:59.999999Z"), id);
        assertThat(keyed(KEY).list(member, all, PageRequest.after(latest, 10)).items()).hasSize(5);
        String earliest = CursorForgery.communications(KEY, org, all, Instant.parse("0001-01-01T00:00:00Z"), id);
        assertThat(keyed(KEY).list(member, all, PageRequest.after(earliest, 10)).items()).isEmpty();
    }

    @Test
    void aCursorKeyShorterThan32BytesIsRefusedWhenTheFacadeIsBuilt() {
        Throwable thrown = catchThrowable(() -> keyed(new byte[31]));
        assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessageContaining("cursorKey");
        byte[] key = KEY.clone();
        CommunicationCentre copied = keyed(key);
        String cursor = copied.list(member, CommunicationFilter.all(), PageRequest.first(2)).nextCursor();
        key[0] ^= 1; // the builder copied the key: changing the caller's array afterwards changes nothing
        assertThat(copied.list(member, CommunicationFilter.all(), PageRequest.after(cursor, 2)).items()).hasSize(2);
    }

    private CommunicationCentreException badCursor(ThrowingCallable call) {
        return badRequest("cursor", call);
    }
}
