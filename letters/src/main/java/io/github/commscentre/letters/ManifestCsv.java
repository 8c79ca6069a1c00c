package io.github.commscentre.letters;

import java.util.List;

/** The manifest of a print batch as CSV: RFC 4180 quoting, a header row, CRLF line ends. */
final class ManifestCsv {

    static final String HEADER = "recipient_id,name,address,first_page,page_count,sha256";

    private ManifestCsv() {
    }

    static String of(List<PrintBatch.ManifestRow> rows) {
        StringBuilder csv = new StringBuilder(HEADER.length() + rows.size() * 200).append(HEADER).append("\r\n");
        for (PrintBatch.ManifestRow row : rows) {
            csv.append(row.recipientId()).append(',')
                    .append(field(row.name())).append(',')
                    .append(field(row.address())).append(',')
                    .append(row.firstPage()).append(',')
                    .append(row.pageCount()).append(',')
                    .append(row.sha256()).append("\r\n");
        }
        return csv.toString();
    }

    /** A field quoted when it holds a comma, a quote or a line break, quotes doubled. */
    static String field(String value) {
        if (value == null) {
            return "";
        }
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
