package io.github.commscentre.internal;

import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextsTest {

    @Test
    void lengthsCountCharactersAsPeopleDoSoAnEmojiIsOne() {
        String emoji = "😀".repeat(500);
        assertThat(Texts.requiredStripped("subject", emoji, 500)).isEqualTo(emoji);
        assertBad("subject", () -> Texts.requiredStripped("subject", emoji + "😀", 500));
    }

    @Test
    void nulAndUnpairedSurrogatesAreRefusedAndEverythingElsePasses() {
        assertBad("notes", () -> Texts.optional("notes", "a\u0000b", 100));
        assertBad("notes", () -> Texts.optional("notes", "a\ud800b", 100));
        assertBad("notes", () -> Texts.optional("notes", "a\udc00", 100));
        assertBad("notes", () -> Texts.optional("notes", "\ud83d", 100));
        assertThat(Texts.optional("notes", "\u202e\u05d0 e\u0301 \u0001 '; DROP TABLE x; --", 100)).isNotNull();
    }

    @Test
    void hostIdsAreOneToOneHundredCharacters() {
        assertThat(Texts.hostId("unitId", "u".repeat(100))).hasSize(100);
        assertBad("unitId", () -> Texts.hostId("unitId", "u".repeat(101)));
        assertBad("unitId", () -> Texts.hostId("unitId", ""));
        assertBad("unitId", () -> Texts.hostId("unitId", null));
    }

    private static void assertBad(String field, Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(CommunicationCentreException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(e.getMessage()).startsWith(field + " ");
        });
    }
}
