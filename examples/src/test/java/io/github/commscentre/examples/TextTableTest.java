package io.github.commscentre.examples;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextTableTest {

    @Test
    void alignsTextLeftAndNumbersRightUnderARule() {
        String table = new TextTable("unit", "recipients")
                .row("RC-1", 6)
                .row("MH-10", 12)
                .render();
        assertThat(table).isEqualTo(""
                + "  unit   recipients\n"
                + "  -----  ----------\n"
                + "  RC-1            6\n"
                + "  MH-10          12\n");
    }

    @Test
    void countsCodePointsSoEmojiAndAccentsStayAligned() {
        String table = new TextTable("name", "x").row("Zo\u00eb \uD83D\uDE00", "a").row("Bob", "b").render();
        assertThat(table.lines()).containsExactly("  name   x", "  -----  -", "  Zo\u00eb \uD83D\uDE00  a", "  Bob    b");
    }

    @Test
    void showsNullAsADash() {
        assertThat(new TextTable("email").row((Object) null).render()).endsWith("  -\n");
    }

    @Test
    void refusesARowOfTheWrongWidth() {
        assertThatThrownBy(() -> new TextTable("a", "b").row("only one"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
