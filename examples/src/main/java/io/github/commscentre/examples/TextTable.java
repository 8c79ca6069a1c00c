package io.github.commscentre.examples;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain-text table with aligned columns, for the example's report. Numbers are right-aligned, text
 * left-aligned; widths count code points so that names with accents or emoji still line up.
 */
public final class TextTable {

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    /** @param headers the column headings */
    public TextTable(String... headers) {
        this.headers = List.of(headers);
    }

    /**
     * @param cells one value per column; {@code null} is shown as a dash
     * @return this table
     */
    public TextTable row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("expected " + headers.size() + " cells, got " + Arrays.toString(cells));
        }
        List<String> row = new ArrayList<>(cells.length);
        for (Object cell : cells) {
            row.add(cell == null ? "-" : cell.toString());
        }
        rows.add(row);
        return this;
    }

    /** @return the table as lines of text, each indented by two spaces, ending with a line break */
    public String render() {
        int[] widths = new int[headers.size()];
        boolean[] numeric = new boolean[headers.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = width(headers.get(c));
            numeric[c] = !rows.isEmpty();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], width(row.get(c)));
                numeric[c] &= row.get(c).matches("-?[0-9]+|-");
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, headers, widths, numeric);
        List<String> rule = new ArrayList<>();
        for (int width : widths) {
            rule.add("-".repeat(width));
        }
        line(out, rule, widths, new boolean[widths.length]);
        for (List<String> row : rows) {
            line(out, row, widths, numeric);
        }
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells, int[] widths, boolean[] rightAligned) {
        StringBuilder line = new StringBuilder("  ");
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            String padding = " ".repeat(widths[c] - width(cell));
            line.append(rightAligned[c] ? padding + cell : cell + padding);
            if (c < cells.size() - 1) {
                line.append("  ");
            }
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    private static int width(String text) {
        return text.codePointCount(0, text.length());
    }
}
