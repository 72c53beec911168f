package dev.signet.tagging;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * A sender's {@code validation.regex} for a text field, in RE2 syntax and run by RE2/J, whose
 * matching time grows linearly with the value: a sender cannot make the server (or, through the
 * signing page, the signer's browser) backtrack for minutes. RE2 has no backreferences and no
 * lookaround, so patterns that need them are refused when the envelope is created.
 *
 * <p>RE2/J does not bound the size of the program it compiles: {@code ((a{1000}){1000}){1000}}
 * would fill the heap. The size a pattern expands to is therefore estimated before it is
 * compiled, and bounded: matching costs that size times the value's length.
 */
public final class ValidationPattern {

    /** Characters of the pattern as the sender writes it. */
    public static final int MAX_LENGTH = 500;
    /** Atoms after counted repetitions are expanded: {@code \d{1,1000}} is 1000. */
    static final int MAX_EXPANDED_SIZE = 1_000;

    private final Pattern pattern;

    private ValidationPattern(Pattern pattern) {
        this.pattern = pattern;
    }

    /**
     * @param flags the reference's JavaScript-style flags; {@code i}, {@code m} and {@code s} change
     *     matching, the others ({@code g}, {@code u}, {@code y}) have no meaning for a yes/no test
     * @throws IllegalArgumentException with a sentence for the sender
     */
    public static ValidationPattern compile(String regex, String flags) {
        if (regex.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("must be at most " + MAX_LENGTH + " characters");
        }
        if (expandedSize(regex) > MAX_EXPANDED_SIZE) {
            throw new IllegalArgumentException(
                    "repeats too much: counted repetitions may expand to at most " + MAX_EXPANDED_SIZE + " atoms");
        }
        String f = flags == null ? "" : flags;
        int re2Flags = (f.contains("i") ? Pattern.CASE_INSENSITIVE : 0)
                | (f.contains("m") ? Pattern.MULTILINE : 0)
                | (f.contains("s") ? Pattern.DOTALL : 0);
        try {
            return new ValidationPattern(Pattern.compile(regex, re2Flags));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("is not a valid RE2 regular expression (no backreferences or "
                    + "lookaround): " + e.getDescription());
        } catch (RuntimeException | StackOverflowError e) {
            throw new IllegalArgumentException("is not a valid RE2 regular expression");
        }
    }

    /** Whether the pattern occurs anywhere in the value, as JavaScript's {@code RegExp.test} decides. */
    public boolean test(String value) {
        return pattern.matcher(value).find();
    }

    /**
     * A generous estimate of the compiled program's size: every atom counts one, a group the sum of
     * its alternatives, {@code *}, {@code +} and {@code ?} add one, and {@code {n,m}} multiplies what
     * it repeats by its largest count. Over-counting only refuses a pattern that is close to the limit.
     */
    static long expandedSize(String regex) {
        java.util.ArrayDeque<long[]> frames = new java.util.ArrayDeque<>();
        long[] frame = {0, 0}; // {sum of this group so far, size of its last item}
        int i = 0;
        while (i < regex.length()) {
            char c = regex.charAt(i);
            if (c == '\\') {
                if (regex.startsWith("\\Q", i)) {
                    int end = regex.indexOf("\\E", i + 2);
                    int stop = end < 0 ? regex.length() : end;
                    frame = item(frame, 1, stop - i - 2);
                    i = end < 0 ? stop : end + 2;
                    continue;
                }
                i = afterEscape(regex, i);
                frame = item(frame, 1, 1);
            } else if (c == '[') {
                i = afterClass(regex, i);
                frame = item(frame, 1, 1);
            } else if (c == '(') {
                frames.push(frame);
                frame = new long[] {0, 0};
                i++;
            } else if (c == ')') {
                long group = frame[0];
                frame = frames.isEmpty() ? new long[] {0, 0} : frames.pop();
                frame = item(frame, group, 1);
                i++;
            } else if (c == '*' || c == '+' || c == '?') {
                frame = repeated(frame, frame[1] + 1);
                i++;
            } else if (c == '{' && repeatCount(regex, i) >= 0) {
                long count = repeatCount(regex, i);
                frame = repeated(frame, Math.max(frame[1], 1) * count + 1);
                i = regex.indexOf('}', i) + 1;
            } else {
                frame = item(frame, 1, 1);
                i++;
            }
            if (frame[0] > MAX_EXPANDED_SIZE * 1000L) {
                return frame[0];
            }
        }
        long total = frame[0];
        while (!frames.isEmpty()) {
            total += frames.pop()[0];
        }
        return total;
    }

    /** Adds {@code count} items of {@code size} each; the last of them is what a quantifier repeats. */
    private static long[] item(long[] frame, long size, long count) {
        return new long[] {frame[0] + size * Math.max(count, 0), size};
    }

    private static long[] repeated(long[] frame, long newLast) {
        return new long[] {frame[0] - frame[1] + newLast, newLast};
    }

    /** The largest count of a {@code {n}}, {@code {n,}} or {@code {n,m}} at {@code i}; -1 if it is a literal brace. */
    private static long repeatCount(String regex, int i) {
        int close = regex.indexOf('}', i);
        if (close < 0) {
            return -1;
        }
        String body = regex.substring(i + 1, close);
        if (!body.matches("\\d{1,6}(,\\d{0,6})?")) {
            return -1;
        }
        String[] parts = body.split(",", -1);
        long low = Long.parseLong(parts[0]);
        if (parts.length == 1) {
            return low;
        }
        return parts[1].isEmpty() ? low + 1 : Math.max(low, Long.parseLong(parts[1]));
    }

    private static int afterEscape(String regex, int i) {
        int next = i + 2;
        if (next <= regex.length()
                && (regex.charAt(i + 1) == 'p' || regex.charAt(i + 1) == 'P' || regex.charAt(i + 1) == 'x')
                && next < regex.length()
                && regex.charAt(next) == '{') {
            int close = regex.indexOf('}', next);
            return close < 0 ? regex.length() : close + 1;
        }
        if (next <= regex.length() && (regex.charAt(i + 1) == 'p' || regex.charAt(i + 1) == 'P')) {
            return Math.min(next + 1, regex.length());
        }
        return Math.min(next, regex.length());
    }

    /** Skips a character class, with its escapes, POSIX classes and a leading {@code ]}. */
    private static int afterClass(String regex, int i) {
        int j = i + 1;
        if (j < regex.length() && regex.charAt(j) == '^') {
            j++;
        }
        if (j < regex.length() && regex.charAt(j) == ']') {
            j++;
        }
        while (j < regex.length()) {
            char c = regex.charAt(j);
            if (c == '\\') {
                j = afterEscape(regex, j);
            } else if (c == '[' && regex.startsWith("[:", j) && regex.indexOf(":]", j + 2) > 0) {
                j = regex.indexOf(":]", j + 2) + 2;
            } else if (c == ']') {
                return j + 1;
            } else {
                j++;
            }
        }
        return j;
    }
}
