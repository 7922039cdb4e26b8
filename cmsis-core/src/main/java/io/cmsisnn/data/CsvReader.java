package io.cmsisnn.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.Arrays;

/**
 * Numeric text tables: one sample per line, values separated by commas, semicolons or
 * whitespace. The first line may be a header; blank lines and lines starting with '#' are skipped.
 * With semicolons, a decimal comma ({@code 1,5}) is read as a decimal point.
 */
final class CsvReader {
    private CsvReader() {
    }

    static NdArray read(BufferedReader reader, String what) throws IOException {
        double[] values = new double[1024];
        int count = 0;
        int rows = 0;
        int cols = -1;
        int firstRowLine = 0;
        boolean seenContent = false;
        double[] row = new double[16];
        String line;
        int lineNo = 0;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            if (lineNo == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                line = line.substring(1);
            }
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.charAt(0) == '#') {
                continue;
            }
            boolean firstContent = !seenContent;
            seenContent = true;
            String[] tokens = split(trimmed);
            if (tokens.length > row.length) {
                row = new double[Math.max(tokens.length, row.length * 2)];
            }
            boolean semicolon = trimmed.indexOf(';') >= 0;
            int bad = -1;
            for (int i = 0; i < tokens.length; i++) {
                double v = parse(tokens[i], semicolon);
                if (Double.isNaN(v) && !isNanToken(tokens[i])) {
                    bad = i;
                    break;
                }
                row[i] = v;
            }
            if (bad >= 0) {
                if (firstContent && hasText(tokens, semicolon)) {
                    continue; // a header line
                }
                if (tokens[bad].isEmpty()) {
                    throw new DataException(what + ", line " + lineNo + ", column " + (bad + 1)
                            + ": the value is missing; fill in every value (or drop the row)"
                            + (firstContent && bad == 0 ? " (pandas leaves the first field of the header empty when "
                                    + "it writes the row index; save with DataFrame.to_csv(f, index=False))" : ""));
                }
                throw new DataException(what + ", line " + lineNo + ", column " + (bad + 1) + ": '" + tokens[bad]
                        + "' is not a number; only the first line may be a header, every other line must hold "
                        + "numbers only");
            }
            if (cols < 0) {
                cols = tokens.length;
                firstRowLine = lineNo;
            } else if (tokens.length != cols) {
                throw new DataException(what + ", line " + lineNo + ": has " + tokens.length + " values but line "
                        + firstRowLine + " has " + cols + "; every row must have the same number of values");
            }
            if (count + cols > values.length) {
                long grown = Math.max((long) values.length * 2, (long) count + cols);
                if (grown > Integer.MAX_VALUE - 8) {
                    throw new DataException(what + " has more than 2^31 values, too many to hold in memory; "
                            + "use a smaller test set");
                }
                values = Arrays.copyOf(values, (int) grown);
            }
            System.arraycopy(row, 0, values, count, cols);
            count += cols;
            rows++;
        }
        if (rows == 0) {
            throw new DataException(what + " holds no numeric rows; give one sample per line with values "
                    + "separated by commas, semicolons or spaces");
        }
        return new NdArray(new int[] {rows, cols}, Arrays.copyOf(values, count), "f8");
    }

    private static String[] split(String line) {
        char sep;
        if (line.indexOf(';') >= 0) {
            sep = ';';
        } else if (line.indexOf(',') >= 0) {
            sep = ',';
        } else {
            return line.split("\\s+");
        }
        // keep empty fields (a missing value must be reported, not skipped)
        int n = 1;
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == sep) {
                n++;
            }
        }
        if (line.charAt(line.length() - 1) == sep) {
            n--; // tolerate one trailing separator
        }
        String[] out = new String[n];
        int start = 0;
        for (int k = 0; k < n; k++) {
            int end = line.indexOf(sep, start);
            if (end < 0) {
                end = line.length();
            }
            out[k] = line.substring(start, end).trim();
            start = end + 1;
        }
        return out;
    }

    /** The value of a token, or NaN when it is not a number. */
    private static double parse(String token, boolean decimalComma) {
        String t = token;
        if (t.length() >= 2 && (t.charAt(0) == '"' || t.charAt(0) == '\'') && t.charAt(t.length() - 1) == t.charAt(0)) {
            t = t.substring(1, t.length() - 1).trim();
        }
        if (t.isEmpty()) {
            return Double.NaN;
        }
        if (decimalComma) {
            t = t.replace(',', '.');
        }
        char last = t.charAt(t.length() - 1);
        if (last == 'f' || last == 'F' || last == 'd' || last == 'D') {
            // Java would accept "1f" or "2d"; numeric text never has them, but "inf" ends in 'f'
            String lower = t.toLowerCase();
            if (lower.equals("inf") || lower.equals("+inf")) {
                return Double.POSITIVE_INFINITY;
            }
            if (lower.equals("-inf")) {
                return Double.NEGATIVE_INFINITY;
            }
            return Double.NaN;
        }
        if (t.equalsIgnoreCase("nan") || t.equalsIgnoreCase("-nan")) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** True when some token is neither empty nor a number: the line is a header. */
    private static boolean hasText(String[] tokens, boolean decimalComma) {
        for (String t : tokens) {
            if (!t.isEmpty() && Double.isNaN(parse(t, decimalComma)) && !isNanToken(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isNanToken(String token) {
        String t = token.replace("\"", "").replace("'", "").trim().toLowerCase();
        return t.equals("nan") || t.equals("-nan");
    }
}
