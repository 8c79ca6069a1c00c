package io.github.commscentre.examples;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** The example's report as it is written: headings, a dated title per scene, indented lines and tables. */
final class WeekReport {

    /** A scene's date and time: "Mon 2 Mar 09:00". */
    static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.UK).withZone(ZoneOffset.UTC);
    /** A time within the week: "Mon 09:00". */
    static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("EEE HH:mm", Locale.UK).withZone(ZoneOffset.UTC);

    private final StringBuilder text = new StringBuilder();

    /** A count as the office says it: "none" for nothing. */
    static String noneOr(long count) {
        return count == 0 ? "none" : String.valueOf(count);
    }

    /** A number of dispatch batches: "one batch", "2 batches". */
    static String batches(long count) {
        return count == 1 ? "one batch" : count + " batches";
    }

    /** Names listed as a sentence lists them: "RC-1, RC-2 and RC-4". */
    static String inWords(List<String> names) {
        if (names.size() < 2) {
            return String.join("", names);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    /** A line of the report's heading. */
    void heading(String line) {
        text.append(line).append('\n');
    }

    /** A scene's title: {@code [3] Mon 2 Mar 14:00  title}, after a blank line. */
    void scene(int number, Instant at, String title) {
        text.append('\n').append(String.format("[%d] %s  %s%n", number, WHEN.format(at), title));
    }

    /** A line of a scene, indented. */
    void line(String format, Object... args) {
        text.append("  ").append(String.format(format, args)).append('\n');
    }

    /** A table of a scene, indented. */
    void table(TextTable table) {
        text.append(table.render());
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
