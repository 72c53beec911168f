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
        tail.append("trailer\n<< /Size ").append(objects.size() + 1).append(" /Root ").append(root)
                .append(" 0 R >>\nstartxref\n").append(xref).append("\n%%EOF\n");
        out.writeBytes(tail.toString().getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }
}
