package io.github.commscentre.internal;

import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.ErrorCode;
import io.github.commscentre.spi.CommunicationKey;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CursorsTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final UUID ID = UUID.fromString("f190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
    private static final CommunicationFilter ALL = CommunicationFilter.all();

    private final Cursors cursors = new Cursors(KEY);
    private final CommunicationKey key = new CommunicationKey(Instant.parse("2026-11-27T09:12:08.123456Z"), ID);

    @Test
    void aCursorRoundTripsItsPositionWithinItsOwnListing() {
        String cursor = cursors.communications("org-1", ALL, key);
        assertThat(cursors.communicationsAfter("org-1", ALL, cursor)).isEqualTo(key);
        String recipients = cursors.recipients("org-1", ID, DeliveryStatus.BOUNCED, 4242);
        assertThat(cursors.recipientsAfter("org-1", ID, DeliveryStatus.BOUNCED, recipients)).isEqualTo(4242);
    }

    @Test
    void aFacadeWithTheSameKeyAcceptsTheCursorAndOneWithAnotherKeyDoesNot() {
        String cursor = cursors.communications("org-1", ALL, key);
        assertThat(new Cursors(KEY.clone()).communicationsAfter("org-1", ALL, cursor)).isEqualTo(key);
        assertBadCursor(() -> new Cursors(null).communicationsAfter("org-1", ALL, cursor));
        byte[] other = KEY.clone();
        other[0] ^= 1;
        assertBadCursor(() -> new Cursors(other).communicationsAfter("org-1", ALL, cursor));
    }

    @Test
    void aCursorOfAnotherListingIsABadRequestNamingTheCursor() {
        String cursor = cursors.communications("org-1", ALL, key);
        assertBadCursor(() -> cursors.communicationsAfter("org-2", ALL, cursor));
        assertBadCursor(() -> cursors.communicationsAfter("org-1", CommunicationFilter.builder().blockId("b").build(), cursor));
        assertBadCursor(() -> cursors.communicationsAfter("org-1", CommunicationFilter.builder()
                .status(CommunicationStatus.DRAFT).build(), cursor));
        assertBadCursor(() -> cursors.recipientsAfter("org-1", ID, null, cursor));
        String recipients = cursors.recipients("org-1", ID, null, 1);
        assertBadCursor(() -> cursors.recipientsAfter("org-1", UUID.randomUUID(), null, recipients));
        assertBadCursor(() -> cursors.recipientsAfter("org-1", ID, DeliveryStatus.PENDING, recipients));
        assertBadCursor(() -> cursors.recipientsAfter("org-1", ID, null, recipients + "A"));
        // the fields are length-prefixed, so moving a character from one field to the next is another listing
        String shifted = cursors.communications("ab", CommunicationFilter.builder().blockId("c").build(), key);
        assertBadCursor(() -> cursors.communicationsAfter("a", CommunicationFilter.builder().blockId("bc").build(), shifted));
    }

    @Test
    void everyAlteredByteAndAnyMalformedCursorIsABadRequestNamingTheCursor() {
        byte[] raw = Base64.getUrlDecoder().decode(cursors.communications("org-1", ALL, key));
        for (int i = 0; i < raw.length; i++) {
            byte[] altered = raw.clone();
            altered[i] ^= 1;
            String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(altered);
            assertBadCursor(() -> cursors.communicationsAfter("org-1", ALL, cursor));
        }
        for (String malformed : List.of("", "not a cursor!", "' OR 1=1 --", "A".repeat(100_000),
                Base64.getUrlEncoder().encodeToString(Arrays.copyOf(raw, raw.length - 1)))) {
            assertBadCursor(() -> cursors.communicationsAfter("org-1", ALL, malformed));
        }
    }

    @Test
    void aSignedInstantNoStoreKeepsIsABadRequestNotAStoreFailure() {
        for (Instant outside : List.of(Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999999001Z"),
                Instant.parse("-0001-12-31T23:59:59Z"), Instant.MAX, Instant.MIN)) {
            String cursor = cursors.communications("org-1", ALL, new CommunicationKey(outside, ID));
            assertBadCursor(() -> cursors.communicationsAfter("org-1", ALL, cursor));
        }
        for (Instant inside : List.of(Instant.parse("0001-01-01T00:00:00Z"), CommunicationInput.LATEST_INSTANT, Instant.EPOCH)) {
            String cursor = cursors.communications("org-1", ALL, new CommunicationKey(inside, ID));
            assertThat(cursors.communicationsAfter("org-1", ALL, cursor).createdAt()).isEqualTo(inside);
        }
        String negative = cursors.recipients("org-1", ID, null, -1);
        assertBadCursor(() -> cursors.recipientsAfter("org-1", ID, null, negative));
    }

    @Test
    void theCursorDoesNotCarryTheOrganisation() {
        String org = "org-with-a-recognisable-name";
        byte[] raw = Base64.getUrlDecoder().decode(cursors.communications(org, ALL, key));
        assertThat(new String(raw, StandardCharsets.ISO_8859_1)).doesNotContain(org);
        assertThat(raw).hasSize(cursors.communications("o", ALL, key).length() * 3 / 4);
    }

    @Test
    void aShortKeyIsRefused() {
        assertThatThrownBy(() -> new Cursors(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertBadCursor(Runnable call) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(CommunicationCentreException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
                    assertThat(e.getMessage()).startsWith("cursor");
                });
    }
}
