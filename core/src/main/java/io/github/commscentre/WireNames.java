package io.github.commscentre;

import java.util.function.Function;

/** Shared lookup of enum constants by their lower-case wire names. */
final class WireNames {

    private WireNames() {
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
