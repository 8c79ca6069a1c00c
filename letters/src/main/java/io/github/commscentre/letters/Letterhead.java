package io.github.commscentre.letters;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the organisation prints on every letter, given once by the host on {@link PdfLetterRenderer.Builder}: its name
 * and address at the top right of the first page, beside the recipient's address; its logo, optional, above them; and
 * a footer on every page (a company registration, a regulator's number), beside the page numbers.
 */
public final class Letterhead {

    /** The most sender address lines the letterhead shows. */
    public static final int MAX_ADDRESS_LINES = 6;
    /** The largest logo accepted: it is embedded in every letter. */
    public static final int MAX_LOGO_BYTES = 512 * 1024;

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private final String organisationName;
    private final List<String> address;
    private final byte[] logoPng;
    private final String footer;

    private Letterhead(Builder b) {
        this.organisationName = b.organisationName;
        this.address = List.copyOf(b.address);
        this.logoPng = b.logoPng;
        this.footer = b.footer;
    }

    /**
     * @param organisationName the organisation's name, as it signs its letters
     * @return a builder
     */
    public static Builder builder(String organisationName) {
        return new Builder(organisationName);
    }

    /** @return the organisation's name */
    public String organisationName() {
        return organisationName;
    }

    /** @return the sender's address lines, first to last; possibly empty */
    public List<String> address() {
        return address;
    }

    /** @return a copy of the logo's PNG bytes, if there is a logo */
    public Optional<byte[]> logoPng() {
        return Optional.ofNullable(logoPng).map(byte[]::clone);
    }

    /** @return the footer printed on every page; lines separated by {@code \n}; possibly empty */
    public String footer() {
        return footer;
    }

    byte[] logoPngOrNull() {
        return logoPng;
    }

    /** Builds a {@link Letterhead}. */
    public static final class Builder {
        private final String organisationName;
        private final List<String> address = new ArrayList<>();
        private byte[] logoPng;
        private String footer = "";

        private Builder(String organisationName) {
            this.organisationName = text("organisationName", organisationName, 200);
        }

        /**
         * @param lines the sender's address, first line to postcode, at most {@value #MAX_ADDRESS_LINES}
         * @return this builder
         */
        public Builder address(String... lines) {
            Objects.requireNonNull(lines, "lines must not be null");
            if (lines.length > MAX_ADDRESS_LINES) {
                throw new IllegalArgumentException("a letterhead shows at most " + MAX_ADDRESS_LINES + " address lines, not "
                        + lines.length);
            }
            address.clear();
            for (String line : lines) {
                address.add(text("address line", line, 100));
            }
            return this;
        }

        /**
         * @param png the logo, a PNG image of at most {@value #MAX_LOGO_BYTES} bytes; it is printed at most 20 mm high
         *            and 60 mm wide, keeping its proportions
         * @return this builder
         */
        public Builder logoPng(byte[] png) {
            Objects.requireNonNull(png, "png must not be null");
            if (png.length > MAX_LOGO_BYTES) {
                throw new IllegalArgumentException("the logo is " + png.length + " bytes; at most " + MAX_LOGO_BYTES
                        + " are accepted, since every letter embeds it");
            }
            if (png.length < PNG_SIGNATURE.length
                    || !Arrays.equals(Arrays.copyOf(png, PNG_SIGNATURE.length), PNG_SIGNATURE)) {
                throw new IllegalArgumentException("the logo must be a PNG image");
            }
            this.logoPng = png.clone();
            return this;
        }

        /**
         * @param footer text at the foot of every page, beside the page numbers (a company number, a regulator's
         *               statement); at most 3 lines, separated by {@code \n}, and 400 characters
         * @return this builder
         */
        public Builder footer(String footer) {
            Objects.requireNonNull(footer, "footer must not be null");
            String stripped = footer.strip();
            if (stripped.length() > 400 || stripped.lines().count() > 3) {
                throw new IllegalArgumentException("the footer has at most 3 lines and 400 characters");
            }
            this.footer = stripped;
            return this;
        }

        /** @return the letterhead */
        public Letterhead build() {
            return new Letterhead(this);
        }

        private static String text(String what, String value, int max) {
            Objects.requireNonNull(value, what + " must not be null");
            String stripped = value.strip();
            if (stripped.isEmpty() || stripped.length() > max || stripped.chars().anyMatch(c -> c == '\n' || c == '\r')) {
                throw new IllegalArgumentException(what + " must be one line of 1 to " + max + " characters: '" + value + "'");
            }
            return stripped;
        }
    }
}
