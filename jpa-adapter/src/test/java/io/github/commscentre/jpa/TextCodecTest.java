package io.github.commscentre.jpa;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The text encoding of audit details and unit ids: exact for any string, and strict when reading. */
class TextCodecTest {

    @Test
    void emptyMapsAndListsHaveAShortForm() {
        assertThat(TextCodec.encodeMap(Map.of())).isEqualTo("{}");
        assertThat(TextCodec.encodeList(List.of())).isEqualTo("[]");
        assertThat(TextCodec.decodeMap("{}")).isEmpty();
        assertThat(TextCodec.decodeList("[]")).isEmpty();
    }

    @Test
    void controlCharactersNulAndLoneSurrogatesAreEscapedSoTheTextIsStorableAnywhere() {
        String nasty = "\u0000\u0001\n\t\u001f\u007f \uD800 \uDC00 \"\\ 😀";
        String encoded = TextCodec.encodeList(List.of(nasty));
        assertThat(encoded).isEqualTo("[\"\\u0000\\u0001\\u000a\\u0009\\u001f\\u007f \\ud800 \\udc00 \\\"\\\\ 😀\"]");
        assertThat(encoded.chars().allMatch(c -> c >= 0x20 && c != 0x7f)).isTrue();
        assertThat(TextCodec.decodeList(encoded)).containsExactly(nasty);
    }

    @Test
    void randomStringsRoundTripExactly() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        try {
            for (int round = 0; round < 2_000; round++) {
                Map<String, String> map = new LinkedHashMap<>();
                List<String> list = new ArrayList<>();
                int size = random.nextInt(6);
                for (int i = 0; i < size; i++) {
                    map.put(randomString(random), randomString(random));
                    list.add(randomString(random));
                }
                assertThat(TextCodec.decodeMap(TextCodec.encodeMap(map))).containsExactlyEntriesOf(map);
                assertThat(TextCodec.decodeList(TextCodec.encodeList(list))).containsExactlyElementsOf(list);
            }
        } catch (AssertionError e) {
            throw new AssertionError("failed with seed " + seed + " (replay with new Random(" + seed + "L))", e);
        }
    }

    @Test
    void malformedStoredTextIsRefusedNotGuessed() {
        for (String bad : List.of("", "{", "{\"a\"}", "{\"a\":1}", "{\"a\":\"b\",}", "[\"a\"", "[\"a\" \"b\"]", "[\"\\x\"]",
                "[\"\\u12\"]", "{\"a\":\"1\",\"a\":\"2\"}", "[] ", "[\"a\"]x")) {
            assertThatThrownBy(() -> {
                if (bad.startsWith("[")) {
                    TextCodec.decodeList(bad);
                } else {
                    TextCodec.decodeMap(bad);
                }
            }).as(bad).isInstanceOf(IllegalStateException.class);
        }
    }

    private static String randomString(Random random) {
        StringBuilder s = new StringBuilder();
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(6)) {
                case 0 -> s.append((char) random.nextInt(0x20));
                case 1 -> s.append("\"\\/{}[],:".charAt(random.nextInt(9)));
                case 2 -> s.appendCodePoint(0x10000 + random.nextInt(0x10FFFF - 0x10000));
                case 3 -> s.append((char) (0xD800 + random.nextInt(0x800)));
                case 4 -> s.append((char) random.nextInt(0x10000));
                default -> s.append((char) ('a' + random.nextInt(26)));
            }
        }
        return s.toString();
    }
}
