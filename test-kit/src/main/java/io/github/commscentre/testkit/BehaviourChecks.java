package io.github.commscentre.testkit;

import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.ErrorCode;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.params.provider.Arguments;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The behaviour suite's checks that need no facade: error codes, UUID versions, the listing order, hashes,
 * microsecond precision, and the pairs of delivery statuses the status table runs through.
 */
final class BehaviourChecks {

    private BehaviourChecks() {
    }

    /** Asserts that a call fails with a {@link CommunicationCentreException} of the given code. */
    static CommunicationCentreException expectError(ErrorCode code, ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as("the call should fail with %s", code).isInstanceOf(CommunicationCentreException.class);
        CommunicationCentreException e = (CommunicationCentreException) thrown;
        assertThat(e.code()).as("code of %s", e).isEqualTo(code);
        return e;
    }

    /** @param id a UUID @return whether it is an RFC 9562 UUID version 7 */
    static boolean isVersion7(UUID id) {
        return id.version() == 7 && id.variant() == 2;
    }

    /** Compares UUIDs as unsigned 128-bit numbers, as PostgreSQL and H2 order them. */
    static int compareUnsigned(UUID a, UUID b) {
        int c = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return c != 0 ? c : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }

    /** Newest first: createdAt descending, then id descending (unsigned). */
    static final Comparator<Communication> NEWEST_FIRST = (a, b) -> {
        int c = b.createdAt().compareTo(a.createdAt());
        return c != 0 ? c : compareUnsigned(b.id(), a.id());
    };

    /** @param text some text @return its SHA-256 as lower-case hex of its UTF-8 bytes */
    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @param instant an instant @return whether it has no precision below microseconds */
    static boolean isMicros(Instant instant) {
        return instant == null || instant.getNano() % 1_000 == 0;
    }

    /** Changes one character in the middle, so that the cursor no longer is what the facade issued. */
    static String tamperedCursor(String cursor) {
        int i = cursor.length() / 2;
        char replacement = cursor.charAt(i) == 'A' ? 'B' : 'A';
        return cursor.substring(0, i) + replacement + cursor.substring(i + 1);
    }

    /** @param length how many characters @return that many 'x' */
    static String chars(int length) {
        return "x".repeat(length);
    }

    /** All 25 pairs of delivery statuses. */
    static Stream<Arguments> deliveryStatusPairs() {
        return Arrays.stream(DeliveryStatus.values())
                .flatMap(from -> Arrays.stream(DeliveryStatus.values()).map(to -> Arguments.of(from, to)));
    }
}
