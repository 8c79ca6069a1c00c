package io.github.commscentre;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Function;

/** Shared lookup of enum constants by their lower-case wire names, and the wire form of an instant. */
final class WireNames {

    private static final DateTimeFormatter INSTANT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private WireNames() {
    }

    /** @param instant an instant @return it in UTC with exactly six fractional digits, as the audit trail writes it */
    static String instant(Instant instant) {
        return INSTANT.format(instant);
    }

    static <E extends Enum<E>> E lookup(E[] values, Function<E, String> wireName, String name, String field) {
        if (name == null) {
            throw CommunicationCentreException.badRequest(field, "must not be null");
        }
        for (E value : values) {
            if (wireName.apply(value).equals(name)) {
                return value;
            }
        }
        StringBuilder allowed = new StringBuilder();
        for (E value : values) {
            if (allowed.length() > 0) {
                allowed.append(", ");
            }
            allowed.append(wireName.apply(value));
        }
        throw CommunicationCentreException.badRequest(field, "must be one of " + allowed);
    }
}
