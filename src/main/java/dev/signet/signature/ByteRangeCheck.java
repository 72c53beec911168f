package dev.signet.signature;

import com.itextpdf.io.source.PdfTokenizer;
import com.itextpdf.io.source.RandomAccessFileOrArray;
import com.itextpdf.io.source.RandomAccessSourceFactory;
import com.itextpdf.kernel.pdf.PdfArray;
import com.itextpdf.kernel.pdf.PdfDictionary;
import com.itextpdf.kernel.pdf.PdfIndirectReference;
import com.itextpdf.kernel.pdf.PdfName;
import com.itextpdf.kernel.pdf.PdfNumber;
import com.itextpdf.kernel.pdf.PdfObject;
import com.itextpdf.kernel.pdf.PdfString;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether one signature's {@code /ByteRange} signs its whole revision but for exactly its own
 * {@code /Contents} hex string — judged for every signature on its own, not only the last.
 *
 * <p>Why so strict: the signed bytes are the concatenation of the two ranges, so an attacker who
 * can move the ranges keeps the digest while showing other bytes. Signature wrapping moves the
 * second range to the end of the file and redefines the signature dictionary (with a new
 * {@code /ByteRange}) in an appended revision; the gap then holds the original, signed objects
 * plus whatever the attacker put beside them, still opening with {@code <} and closing with
 * {@code >}. Requiring the gap to be the very token that the dictionary in force parses as its
 * {@code /Contents}, and the second range to end at an {@code %%EOF}, leaves no unsigned bytes
 * but the signature itself (ISO 32000-2 §12.8.1, and what EU DSS checks).
 */
final class ByteRangeCheck implements Closeable {

    /** Tokens read in one signature dictionary at most; a real one has a few dozen. */
    private static final int MAX_TOKENS = 100_000;

    private static final byte[] CONTENTS = "Contents".getBytes(StandardCharsets.US_ASCII);

    private final RandomAccessFileOrArray file;
    private final long length;
    private final List<Long> revisionEnds;

    ByteRangeCheck(Path pdf) throws IOException {
        this.file = new RandomAccessFileOrArray(new RandomAccessSourceFactory().createBestSource(pdf.toString()));
        this.length = file.length();
        this.revisionEnds = revisionEnds(file);
    }

    /**
     * @param signature the signature dictionary as the document parses it
     * @param holder the indirect object written in the file that holds it: the dictionary itself,
     *     or the field whose {@code /V} it is when it is a direct object
     */
    Result check(PdfDictionary signature, PdfDictionary holder) {
        long[] range = range(signature.get(PdfName.ByteRange));
        if (range == null) {
            return Result.unsound(null, "The signature's /ByteRange is missing or not four whole numbers");
        }
        PdfString contents = signature.getAsString(PdfName.Contents);
        if (contents == null || !contents.isHexWriting()) {
            return Result.unsound(range, "The signature's /Contents is missing or not a hex string");
        }
        if (range[0] != 0 || range[1] <= 0 || range[2] <= range[1] || range[3] <= 0 || range[3] > length - range[2]) {
            return Result.unsound(
                    range,
                    "The signature's /ByteRange does not start at the file's first byte, "
                            + "overlaps itself or reaches past the end of the file");
        }
        if (!revisionEnds.contains(range[2] + range[3])) {
            return Result.unsound(range, "The signature's /ByteRange does not end where a revision of the file ends");
        }
        long[] token;
        try {
            token = contentsToken(holder, holder == signature);
        } catch (IOException | RuntimeException e) {
            token = null;
        }
        if (token == null || token[0] != range[1] || token[1] != range[2]) {
            return Result.unsound(
                    range,
                    "The bytes the signature leaves out are not exactly its own /Contents: "
                            + "unsigned content may be hidden in them (signature wrapping)");
        }
        return new Result(range, null);
    }

    /** The four numbers, only when they are four non-negative integers. */
    private static long[] range(PdfObject object) {
        if (!(object instanceof PdfArray array) || array.size() != 4) {
            return null;
        }
        long[] range = new long[4];
        for (int i = 0; i < 4; i++) {
            if (!(array.get(i) instanceof PdfNumber number)
                    || number.hasDecimalPoint()
                    || number.getValue() < 0
                    || number.getValue() > Long.MAX_VALUE / 4) {
                return null;
            }
            range[i] = number.longValue();
        }
        return range;
    }

    /**
     * Where the last {@code /Contents} hex string of the holder object begins and ends, reading the
     * file from the object's offset: at the dictionary's own level when the holder is the signature
     * dictionary, at any level when it is the field around a direct one. Null if the object is not
     * in the file as written (in a compressed object stream) or has no such token.
     */
    private long[] contentsToken(PdfDictionary holder, boolean own) throws IOException {
        PdfIndirectReference reference = holder.getIndirectReference();
        if (reference == null || reference.getObjStreamNumber() != 0) {
            return null;
        }
        PdfTokenizer tokens = new PdfTokenizer(file);
        tokens.seek(reference.getOffset());
        tokens.nextValidToken();
        if (tokens.getTokenType() != PdfTokenizer.TokenType.Obj) {
            return null;
        }
        long[] found = null;
        int depth = 0;
        for (int read = 0; read < MAX_TOKENS; read++) {
            tokens.nextValidToken();
            switch (tokens.getTokenType()) {
                case StartDic, StartArray -> depth++;
                case EndDic, EndArray -> depth--;
                case EndObj, EndOfFile -> depth = 0;
                case Name -> {
                    if (tokens.tokenValueEqualsTo(CONTENTS) && (depth == 1 || !own && depth > 0)) {
                        long[] span = hexStringAt(tokens);
                        found = span == null ? found : span;
                    }
                }
                case Other -> {
                    if (tokens.tokenValueEqualsTo(PdfTokenizer.Stream)) {
                        depth = 0;
                    }
                }
                default -> {}
            }
            if (depth <= 0) {
                return found;
            }
        }
        return null;
    }

    /** The span of the hex string that follows, or null when the value is something else. */
    private long[] hexStringAt(PdfTokenizer tokens) throws IOException {
        long start = tokens.getPosition();
        file.seek(start);
        int b = file.read();
        while (b == ' ' || b == '\n' || b == '\r' || b == '\t' || b == '\f' || b == 0) {
            start++;
            b = file.read();
        }
        if (b != '<' || file.read() == '<') {
            tokens.seek(start);
            return null;
        }
        tokens.seek(start);
        tokens.nextToken();
        if (tokens.getTokenType() != PdfTokenizer.TokenType.String || !tokens.isHexString()) {
            return null;
        }
        return new long[] {start, tokens.getPosition()};
    }

    private static List<Long> revisionEnds(RandomAccessFileOrArray file) throws IOException {
        List<Long> ends = new ArrayList<>();
        byte[] marker = {'%', '%', 'E', 'O', 'F'};
        byte[] buffer = new byte[1 << 16];
        long length = file.length();
        int matched = 0;
        long position = 0;
        file.seek(0);
        while (position < length) {
            int n = file.read(buffer, 0, (int) Math.min(buffer.length, length - position));
            if (n <= 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                byte c = buffer[i];
                matched = c == marker[matched] ? matched + 1 : (c == '%' ? 1 : 0);
                if (matched == marker.length) {
                    ends.add(position + i + 1);
                    matched = 0;
                }
            }
            position += n;
        }
        List<Long> withEol = new ArrayList<>();
        for (long end : ends) {
            withEol.add(end);
            file.seek(end);
            int first = end < length ? file.read() : -1;
            if (first == '\n' || first == '\r') {
                withEol.add(end + 1);
                if (first == '\r' && end + 1 < length && file.read() == '\n') {
                    withEol.add(end + 2);
                }
            }
        }
        return withEol;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }

    /**
     * @param range the four numbers when they are four numbers, else null
     * @param problem why the range is not sound, or null when it is
     */
    record Result(long[] range, String problem) {
        static Result unsound(long[] range, String problem) {
            return new Result(range, problem);
        }

        boolean sound() {
            return problem == null;
        }
    }
}
