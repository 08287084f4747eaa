package io.ebats.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain text table: columns padded to their widest cell, the last one left as it is. */
final class Table {

    private static final int MAX_ERROR = 80;

    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    Table(String... headers) {
        this.columns = headers.length;
        rows.add(headers);
    }

    Table row(Object... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException("a row needs " + columns + " cells, got " + cells.length);
        }
        String[] text = new String[columns];
        for (int i = 0; i < columns; i++) {
            text[i] = cells[i] == null ? "-" : ErrorReporter.oneLine(String.valueOf(cells[i]));
        }
        rows.add(text);
        return this;
    }

    /** An error as a cell: {@code SimpleClassName: message}, on one line, cut after {@value #MAX_ERROR} characters. */
    static String errorCell(String errorClass, String message) {
        String text = message == null ? "" : ErrorReporter.oneLine(message);
        if (errorClass != null) {
            String simple = errorClass.substring(errorClass.lastIndexOf('.') + 1);
            text = simple + (text.isEmpty() ? "" : ": " + text);
        }
        return text.length() > MAX_ERROR ? text.substring(0, MAX_ERROR) + "..." : text;
    }

    void print(PrintWriter out) {
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(i == columns - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }
}
