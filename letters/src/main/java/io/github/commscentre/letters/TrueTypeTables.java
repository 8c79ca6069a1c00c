package io.github.commscentre.letters;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Drops tables from a TrueType font's bytes.
 *
 * <p>PDFBox 3 applies a font's GSUB table (ligatures) to every string it writes, compiling regular expressions for
 * each one: more than half of a letter's rendering time with Liberation Sans. A letter in Latin, Greek or Cyrillic
 * needs no glyph substitution (Liberation's are the "fi" and "fl" ligatures), so the embedded Liberation faces go
 * without it. The embedded subsets never held the table: PDFBox's subsetter leaves it out.
 */
final class TrueTypeTables {

    private TrueTypeTables() {
    }

    /**
     * @param ttf  a TrueType font (not a collection)
     * @param tags the tables to drop
     * @return the same font without those tables (the same array when it has none of them)
     */
    static byte[] without(byte[] ttf, Set<String> tags) {
        ByteBuffer in = ByteBuffer.wrap(ttf);
        int sfntVersion = in.getInt(0);
        int numTables = Short.toUnsignedInt(in.getShort(4));
        List<int[]> kept = new ArrayList<>();
        for (int i = 0; i < numTables; i++) {
            int record = 12 + 16 * i;
            String tag = new String(ttf, record, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (!tags.contains(tag)) {
                kept.add(new int[] {in.getInt(record), in.getInt(record + 4), in.getInt(record + 8), in.getInt(record + 12)});
            }
        }
        if (kept.size() == numTables) {
            return ttf;
        }
        int headerSize = 12 + 16 * kept.size();
        int size = headerSize;
        for (int[] table : kept) {
            size += padded(table[3]);
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        int entrySelector = 31 - Integer.numberOfLeadingZeros(kept.size());
        int searchRange = (1 << entrySelector) * 16;
        out.putInt(sfntVersion).putShort((short) kept.size()).putShort((short) searchRange)
                .putShort((short) entrySelector).putShort((short) (kept.size() * 16 - searchRange));
        int offset = headerSize;
        for (int[] table : kept) {
            out.putInt(table[0]).putInt(table[1]).putInt(offset).putInt(table[3]);
            offset += padded(table[3]);
        }
        for (int[] table : kept) {
            out.put(ttf, table[2], table[3]);
            out.position(out.position() + padded(table[3]) - table[3]);
        }
        return out.array();
    }

    private static int padded(int length) {
        return (length + 3) & ~3;
    }
}
