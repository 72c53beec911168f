package dev.signet.document;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Writes PDFs object by object, for inputs no well-behaved library would produce. */
final class RawPdf {

    private final List<byte[]> objects = new ArrayList<>();

    /** Adds an object (its body, without "n 0 obj"); returns its number. */
    int add(String body) {
        objects.add(body.getBytes(StandardCharsets.ISO_8859_1));
        return objects.size();
    }

    int addStream(String dictionary, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((dictionary.replace(">>", " /Length " + data.length + " >>") + "\nstream\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(data);
        out.writeBytes("\nendstream".getBytes(StandardCharsets.ISO_8859_1));
        objects.add(out.toByteArray());
        return objects.size();
    }

    /** Reserves an object number for an object kept in an object stream, not written at the top level. */
    int reserve() {
        objects.add(null);
        return objects.size();
    }

    /**
     * Writes the objects with a cross-reference stream (W [1 4 2]) instead of a table; {@code packed}
     * maps an object kept in an object stream to {@code {stream number, index}}. The stream's data
     * goes through {@code encode}, which names its filter in {@code filter} (empty for none).
     */
    byte[] buildWithXrefStream(
            int root,
            java.util.Map<Integer, int[]> packed,
            String filter,
            java.util.function.UnaryOperator<byte[]> encode) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n".getBytes(StandardCharsets.ISO_8859_1));
        List<Integer> offsets = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            offsets.add(out.size());
            if (objects.get(i) != null) {
                out.writeBytes(((i + 1) + " 0 obj\n").getBytes(StandardCharsets.ISO_8859_1));
                out.writeBytes(objects.get(i));
                out.writeBytes("\nendobj\n".getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        int xref = out.size();
        int self = objects.size() + 1;
        ByteArrayOutputStream entries = new ByteArrayOutputStream();
        entry(entries, 0, 0, 65535);
        for (int i = 1; i <= objects.size(); i++) {
            int[] place = packed.get(i);
            if (place != null) {
                entry(entries, 2, place[0], place[1]);
            } else {
                entry(entries, 1, offsets.get(i - 1), 0);
            }
        }
        entry(entries, 1, xref, 0);
        byte[] data = encode.apply(entries.toByteArray());
        out.writeBytes((self + " 0 obj\n<< /Type /XRef /Size " + (self + 1) + " /W [1 4 2] /Root " + root + " 0 R "
                        + filter + " /Length " + data.length + " >>\nstream\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(data);
        out.writeBytes(("\nendstream\nendobj\nstartxref\n" + xref + "\n%%EOF\n").getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    private static void entry(ByteArrayOutputStream out, int type, long field2, int field3) {
        out.write(type);
        for (int shift = 24; shift >= 0; shift -= 8) {
            out.write((int) (field2 >>> shift) & 0xff);
        }
        out.write((field3 >>> 8) & 0xff);
        out.write(field3 & 0xff);
    }

    byte[] build(int root) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n".getBytes(StandardCharsets.ISO_8859_1));
        List<Integer> offsets = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            offsets.add(out.size());
            out.writeBytes(((i + 1) + " 0 obj\n").getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(objects.get(i));
            out.writeBytes("\nendobj\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        int xref = out.size();
        StringBuilder tail = new StringBuilder("xref\n0 " + (objects.size() + 1) + "\n0000000000 65535 f \n");
        for (int offset : offsets) {
            tail.append(String.format("%010d 00000 n \n", offset));
        }
        tail.append("trailer\n<< /Size ")
                .append(objects.size() + 1)
                .append(" /Root ")
                .append(root)
                .append(" 0 R >>\nstartxref\n")
                .append(xref)
                .append("\n%%EOF\n");
        out.writeBytes(tail.toString().getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }
}
