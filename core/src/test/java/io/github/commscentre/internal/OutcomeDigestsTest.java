package io.github.commscentre.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OutcomeDigestsTest {

    private static final String CONTENT = Digests.sha256Hex("content");
    private static final String RECIPIENTS = Digests.sha256Hex("[]");

    @Test
    void aDigestMatchesItselfAndNothingElse() {
        OutcomeDigests digests = new OutcomeDigests(CONTENT, RECIPIENTS);
        assertThat(digests.contentIs(CONTENT)).isTrue();
        assertThat(digests.recipientsAre(RECIPIENTS)).isTrue();
        assertThat(digests.contentIs(RECIPIENTS)).isFalse();
        assertThat(digests.recipientsAre(CONTENT)).isFalse();
        // one hex digit off, in each of the four words
        for (int i : new int[] {0, 17, 40, 63}) {
            char c = CONTENT.charAt(i) == '0' ? '1' : '0';
            assertThat(digests.contentIs(CONTENT.substring(0, i) + c + CONTENT.substring(i + 1))).as("digit %d", i).isFalse();
        }
    }

    @Test
    void aStoredValueThatIsNoDigestMatchesNothing() {
        for (String stored : new String[] {null, "", CONTENT.toUpperCase(), CONTENT + "0", CONTENT.substring(1) + "g"}) {
            OutcomeDigests digests = new OutcomeDigests(stored, stored);
            assertThat(digests.contentIs(CONTENT)).as("%s", stored).isFalse();
            assertThat(digests.recipientsAre(CONTENT)).as("%s", stored).isFalse();
        }
        assertThat(new OutcomeDigests(CONTENT, RECIPIENTS).contentIs(null)).isFalse();
    }
}
