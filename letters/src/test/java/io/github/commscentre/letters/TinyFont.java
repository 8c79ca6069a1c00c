package io.github.commscentre.letters;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A TrueType font made in the test, with a filled square for each character it is asked for: what the CJK tests
 * register as the host's font. No machine this project builds on has a Chinese font (none is in Debian's base image or
 * in a jar of the registry it uses), and the test must prove that a character Liberation lacks renders once a host
 * font covers it: the font's looks do not matter, its character map does.
 *
 * <p>It has the ten tables PDFBox reads and subsets: head, hhea, maxp, OS/2 (embedding allowed), hmtx, cmap (format 4,
 * Windows Unicode BMP), loca, glyf, name and post (version 2, glyphs named uniXXXX).
 */
final class TinyFont {

    private TinyFont() {
    }

    /**
     * @param postScriptName the font's name
     * @param text           the characters it covers (in the Basic Multilingual Plane)
     * @return the font's bytes
     */
    static byte[] covering(String postScriptName, String text) {
        int[] codePoints = text.codePoints().filter(cp -> cp != ' ').distinct().sorted().toArray();
        int glyphs = codePoints.length + 1; // glyph 0 is .notdef, empty
        Map<String, byte[]> tables = new TreeMap<>();
        tables.put("head", head());
        tables.put("hhea", hhea(glyphs));
        tables.put("maxp", maxp(glyphs));
        tables.put("OS/2", os2(codePoints));
        tables.put("hmtx", hmtx(glyphs));
        tables.put("cmap", cmap(codePoints));
        byte[] square = square();
        ByteBuffer glyf = ByteBuffer.allocate(square.length * codePoints.length);
        ByteBuffer loca = ByteBuffer.allocate(2 * (glyphs + 1));
        loca.putShort((short) 0);
        loca.putShort((short) 0);
        for (int i = 0; i < codePoints.length; i++) {
            glyf.put(square);
            loca.putShort((short) (glyf.position() / 2));
        }
        tables.put("glyf", glyf.array());
        tables.put("loca", loca.array());
        tables.put("name", name(postScriptName));
        tables.put("post", post(codePoints));
        return sfnt(tables);
    }

    private static byte[] head() {
        return ByteBuffer.allocate(54).putInt(0x00010000).putInt(0x00010000).putInt(0).putInt(0x5F0F3CF5)
                .putShort((short) 0x000B).putShort((short) 1000).putLong(0).putLong(0)
                .putShort((short) 0).putShort((short) 0).putShort((short) 1000).putShort((short) 800)
                .putShort((short) 0).putShort((short) 8).putShort((short) 2).putShort((short) 0).putShort((short) 0)
                .array();
    }

    private static byte[] hhea(int glyphs) {
        return ByteBuffer.allocate(36).putInt(0x00010000).putShort((short) 880).putShort((short) -120)
                .putShort((short) 0).putShort((short) 1000).putShort((short) 0).putShort((short) 0)
                .putShort((short) 1000).putShort((short) 1).putShort((short) 0).putShort((short) 0)
                .putLong(0).putShort((short) 0).putShort((short) glyphs).array();
    }

    private static byte[] maxp(int glyphs) {
        return ByteBuffer.allocate(32).putInt(0x00010000).putShort((short) glyphs).putShort((short) 4)
                .putShort((short) 1).putShort((short) 0).putShort((short) 0).putShort((short) 2).array();
    }

    private static byte[] os2(int[] codePoints) {
        ByteBuffer b = ByteBuffer.allocate(86);
        b.putShort((short) 1).putShort((short) 1000).putShort((short) 400).putShort((short) 5)
                .putShort((short) 0) // fsType: installable, so PDFBox may embed it
                .putShort((short) 650).putShort((short) 600).putShort((short) 0).putShort((short) 75)
                .putShort((short) 650).putShort((short) 600).putShort((short) 0).putShort((short) 350)
                .putShort((short) 50).putShort((short) 250).putShort((short) 0);
        b.put(new byte[10]); // panose
        b.putInt(0).putInt(0).putInt(0).putInt(0);
        b.put("TEST".getBytes(StandardCharsets.US_ASCII));
        b.putShort((short) 0x40).putShort((short) codePoints[0]).putShort((short) codePoints[codePoints.length - 1])
                .putShort((short) 880).putShort((short) -120).putShort((short) 0)
                .putShort((short) 880).putShort((short) 120).putInt(1).putInt(0);
        return b.array();
    }

    private static byte[] hmtx(int glyphs) {
        ByteBuffer b = ByteBuffer.allocate(4 * glyphs);
        for (int i = 0; i < glyphs; i++) {
            b.putShort((short) 1000).putShort((short) 100);
        }
        return b.array();
    }

    /** A format 4 subtable: a segment per character, then the closing 0xFFFF segment. */
    private static byte[] cmap(int[] codePoints) {
        int segments = codePoints.length + 1;
        int entrySelector = 31 - Integer.numberOfLeadingZeros(segments);
        int searchRange = 2 * (1 << entrySelector);
        int length = 16 + 8 * segments;
        ByteBuffer b = ByteBuffer.allocate(12 + length);
        b.putShort((short) 0).putShort((short) 1).putShort((short) 3).putShort((short) 1).putInt(12);
        b.putShort((short) 4).putShort((short) length).putShort((short) 0).putShort((short) (2 * segments))
                .putShort((short) searchRange).putShort((short) entrySelector)
                .putShort((short) (2 * segments - searchRange));
        for (int cp : codePoints) {
            b.putShort((short) cp);
        }
        b.putShort((short) 0xFFFF).putShort((short) 0);
        for (int cp : codePoints) {
            b.putShort((short) cp);
        }
        b.putShort((short) 0xFFFF);
        for (int i = 0; i < codePoints.length; i++) {
            b.putShort((short) (i + 1 - codePoints[i]));
        }
        b.putShort((short) 1);
        for (int i = 0; i < segments; i++) {
            b.putShort((short) 0);
        }
        return b.array();
    }

    /** One contour: (100,0) (100,800) (900,800) (900,0), on-curve points, coordinates as 16-bit deltas. */
    private static byte[] square() {
        ByteBuffer b = ByteBuffer.allocate(34);
        b.putShort((short) 1).putShort((short) 100).putShort((short) 0).putShort((short) 900).putShort((short) 800);
        b.putShort((short) 3).putShort((short) 0);
        b.put(new byte[] {1, 1, 1, 1});
        b.putShort((short) 100).putShort((short) 0).putShort((short) 800).putShort((short) 0);
        b.putShort((short) 0).putShort((short) 800).putShort((short) 0).putShort((short) -800);
        return b.array();
    }

    private static byte[] post(int[] codePoints) {
        ByteArrayOutputStream names = new ByteArrayOutputStream();
        ByteBuffer b = ByteBuffer.allocate(32 + 2 + 2 * (codePoints.length + 1));
        b.putInt(0x00020000).putInt(0).putShort((short) -100).putShort((short) 50).putInt(0).putLong(0).putLong(0);
        b.putShort((short) (codePoints.length + 1)).putShort((short) 0); // glyph 0: the standard .notdef
        for (int i = 0; i < codePoints.length; i++) {
            b.putShort((short) (258 + i));
            byte[] name = String.format("uni%04X", codePoints[i]).getBytes(StandardCharsets.US_ASCII);
            names.write(name.length);
            names.writeBytes(name);
        }
        byte[] out = Arrays.copyOf(b.array(), b.capacity() + names.size());
        System.arraycopy(names.toByteArray(), 0, out, b.capacity(), names.size());
        return out;
    }

    private static byte[] name(String postScriptName) {
        Map<Integer, String> names = new LinkedHashMap<>();
        names.put(1, postScriptName);
        names.put(2, "Regular");
        names.put(4, postScriptName);
        names.put(6, postScriptName);
        ByteArrayOutputStream strings = new ByteArrayOutputStream();
        ByteBuffer records = ByteBuffer.allocate(6 + 12 * names.size());
        records.putShort((short) 0).putShort((short) names.size()).putShort((short) (6 + 12 * names.size()));
        for (Map.Entry<Integer, String> n : names.entrySet()) {
            byte[] utf16 = n.getValue().getBytes(StandardCharsets.UTF_16BE);
            records.putShort((short) 3).putShort((short) 1).putShort((short) 0x409).putShort(n.getKey().shortValue())
                    .putShort((short) utf16.length).putShort((short) strings.size());
            strings.writeBytes(utf16);
        }
        byte[] out = Arrays.copyOf(records.array(), records.capacity() + strings.size());
        System.arraycopy(strings.toByteArray(), 0, out, records.capacity(), strings.size());
        return out;
    }

    private static byte[] sfnt(Map<String, byte[]> tables) {
        int count = tables.size();
        int entrySelector = 31 - Integer.numberOfLeadingZeros(count);
        int searchRange = 16 * (1 << entrySelector);
        int size = 12 + 16 * count;
        for (byte[] t : tables.values()) {
            size += (t.length + 3) & ~3;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.putInt(0x00010000).putShort((short) count).putShort((short) searchRange).putShort((short) entrySelector)
                .putShort((short) (16 * count - searchRange));
        int offset = 12 + 16 * count;
        for (Map.Entry<String, byte[]> t : tables.entrySet()) {
            out.put(t.getKey().getBytes(StandardCharsets.US_ASCII)).putInt(checksum(t.getValue())).putInt(offset)
                    .putInt(t.getValue().length);
            offset += (t.getValue().length + 3) & ~3;
        }
        for (byte[] t : tables.values()) {
            out.put(t);
            out.position(out.position() + (((t.length + 3) & ~3) - t.length));
        }
        return out.array();
    }

    private static int checksum(byte[] table) {
        ByteBuffer b = ByteBuffer.wrap(Arrays.copyOf(table, (table.length + 3) & ~3));
        int sum = 0;
        while (b.hasRemaining()) {
            sum += b.getInt();
        }
        return sum;
    }
}
