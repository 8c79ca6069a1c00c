package io.github.commscentre.internal;

import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.ErrorCode;
import io.github.commscentre.spi.CommunicationKey;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CursorsTest {

    private final CommunicationKey key = new CommunicationKey(Instant.parse("2026-11-27T09:12:08.123456Z"),
            UUID.fromString("f190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"));

    @Test
    void aCursorRoundTripsItsPositionWithinItsOwnListing() {
        String cursor = Cursors.communications("scope-1", key);
        assertThat(Cursors.communicationsAfter("scope-1", cursor)).isEqualTo(key);
        assertThat(Cursors.recipientsAfter("scope-2", Cursors.recipients("scope-2", 4242))).isEqualTo(4242);
    }

    @Test
    void aCursorOfAnotherListingIsABadRequestNamingTheCursor() {
        String cursor = Cursors.communications("scope-1", key);
        assertBadCursor(() -> Cursors.communicationsAfter("scope-2", cursor));
        assertBadCursor(() -> Cursors.recipientsAfter("scope-1", Cursors.recipients("scope-1", 1) + "A"));
        assertBadCursor(() -> Cursors.recipientsAfter("scope-1", cursor));
    }

    @Test
    void anAlteredOrMalformedCursorIsABadRequestNamingTheCursor() {
        byte[] raw = Base64.getUrlDecoder().decode(Cursors.communications("scope-1", key));
        raw[20] ^= 1;
        String altered = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        assertBadCursor(() -> Cursors.communicationsAfter("scope-1", altered));
        assertBadCursor(() -> Cursors.communicationsAfter("scope-1", ""));
        assertBadCursor(() -> Cursors.communicationsAfter("scope-1", "not a cursor!"));
        assertBadCursor(() -> Cursors.communicationsAfter("scope-1", "' OR 1=1 --"));
    }

    private static void assertBadCursor(Runnable call) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(CommunicationCentreException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
                    assertThat(e.getMessage()).startsWith("cursor");
                });
    }
}
