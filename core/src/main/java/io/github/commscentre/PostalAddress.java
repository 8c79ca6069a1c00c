package io.github.commscentre;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A leaseholder's postal address, as the host's directory gives it and as it is copied onto a recipient when the unit
 * is added (like the name and email, it never changes afterwards): what a letter's address block shows, in order.
 *
 * @param lines    the address lines, first to last (house and street, locality): 1 to 4, none blank
 * @param town     the post town, or {@code null}
 * @param postcode the postcode, or {@code null}
 * @param country  the country, or {@code null} for a UK address (a UK letter does not name the country)
 */
public record PostalAddress(List<String> lines, String town, String postcode, String country) {

    /** The most address lines a windowed envelope shows beside name, town, postcode and country. */
    public static final int MAX_LINES = 4;

    /** Null checks and an unmodifiable copy of the lines; the facade checks the text rules. */
    public PostalAddress {
        Objects.requireNonNull(lines, "lines must not be null");
        lines = List.copyOf(lines);
    }

    /**
     * @param town     the post town, or {@code null}
     * @param postcode the postcode, or {@code null}
     * @param lines    the address lines
     * @return a UK address
     */
    public static PostalAddress uk(String town, String postcode, String... lines) {
        return new PostalAddress(List.of(lines), town, postcode, null);
    }

    /** @return the lines of the address block, in print order: the address lines, town, postcode, country */
    public List<String> blockLines() {
        List<String> block = new ArrayList<>(lines);
        for (String part : new String[] {town, postcode, country}) {
            if (part != null && !part.isBlank()) {
                block.add(part);
            }
        }
        return block;
    }
}
