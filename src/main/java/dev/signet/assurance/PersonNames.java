package dev.signet.assurance;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether a name read from an identity document is the recipient's name. Documents print names in
 * capitals, without accents or with them, family name first or last; senders type them as they
 * like. So both are compared as the same words in any order, ignoring case, accents, punctuation
 * and spacing: "José  García-López" is "GARCIA LOPEZ JOSE". A missing or an extra word is a
 * mismatch: a middle name on the document that the sender left out blocks a check with
 * deadend_errors, which is the cautious side.
 */
final class PersonNames {

    static final int MAX_LENGTH = 300;
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    /** Apostrophes join a name's parts (O'Brien is OBRIEN on a document); other punctuation separates words. */
    private static final Pattern APOSTROPHES = Pattern.compile("['\u2019\u02bc]");

    private static final Pattern NOT_LETTER = Pattern.compile("[^\\p{L}\\p{N}]+");

    private PersonNames() {}

    static boolean same(String a, String b) {
        if (a == null || b == null || a.length() > MAX_LENGTH || b.length() > MAX_LENGTH) {
            return false;
        }
        String[] left = words(a);
        String[] right = words(b);
        return left.length > 0 && Arrays.equals(left, right);
    }

    /** The name's words, without accents, lower case, sorted. */
    static String[] words(String name) {
        String plain =
                MARKS.matcher(Normalizer.normalize(name, Normalizer.Form.NFD)).replaceAll("");
        plain = APOSTROPHES.matcher(plain).replaceAll("");
        String folded = plain.toLowerCase(Locale.ROOT)
                .replace("ß", "ss")
                .replace("ø", "o")
                .replace("ł", "l");
        return Arrays.stream(NOT_LETTER.split(folded))
                .filter(w -> !w.isEmpty())
                .sorted()
                .toArray(String[]::new);
    }
}
