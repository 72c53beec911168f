package dev.signet.tagging;

import static dev.signet.tagging.FieldPlacementException.Reason.BAD_SPEC;
import static dev.signet.tagging.FieldPlacementException.Reason.DUPLICATE_NAME;
import static dev.signet.tagging.FieldPlacementException.Reason.NO_SUCH_PAGE;
import static dev.signet.tagging.FieldPlacementException.Reason.OUTSIDE_PAGE;

import com.itextpdf.forms.PdfAcroForm;
import com.itextpdf.forms.fields.NonTerminalFormFieldBuilder;
import com.itextpdf.forms.fields.PdfFormAnnotation;
import com.itextpdf.forms.fields.PdfFormAnnotationUtil;
import com.itextpdf.forms.fields.PdfFormField;
import com.itextpdf.forms.fields.PdfSignatureFormField;
import com.itextpdf.forms.fields.SignatureFormFieldBuilder;
import com.itextpdf.kernel.geom.Rectangle;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfPage;
import com.itextpdf.kernel.pdf.PdfWriter;
import com.itextpdf.kernel.pdf.annot.PdfAnnotation;
import com.itextpdf.kernel.pdf.annot.PdfWidgetAnnotation;
import dev.signet.document.SafePdf;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Turns tags into AcroForm fields at their place on the page (design/api.md, "Tags"): one field per
 * tag, one radio field per group, each named after its owner (see {@link FieldNames}).
 *
 * <p>Every spec is checked before the document is touched, so a bad tag leaves the document as it
 * was. Sizes are fixed per type ({@link TagType}); a text field's width is a fraction of the page. A
 * field that would cross the page's edge is fitted inside it by {@link TagGeometry#box}.
 *
 * <p>A signer's first signature tag in a document becomes its signature field, the one the signing
 * step signs. Further signature tags of the same signer become push buttons that show the same
 * signature: a PDF signature covers one field, and an extra signature field would stay unsigned
 * for ever, which every validator reports.
 */
public final class FieldPlacement {

    /** Enough for any single-line value that stays readable in a 20 pt high box. */
    static final int TEXT_MAX_LENGTH = 255;

    /** Reads {@code in}, adds the fields and writes {@code out}; on error {@code out} is removed. */
    public void place(Path in, Path out, List<FieldSpec> specs) throws IOException {
        try (PdfDocument pdf = new PdfDocument(SafePdf.reader(in), new PdfWriter(out.toFile()))) {
            try {
                place(pdf, specs);
            } catch (RuntimeException e) {
                pdf.close();
                Files.deleteIfExists(out);
                throw e;
            }
        }
    }

    /**
     * Adds one field per spec to an open document.
     *
     * @throws FieldPlacementException naming the first tag that has no page, whose point is not on
     *     its page, or that reuses a name; the document is then unchanged
     */
    public void place(PdfDocument pdf, List<FieldSpec> specs) {
        List<Placed> placed = new ArrayList<>(specs.size());
        for (FieldSpec spec : specs) {
            placed.add(locate(pdf, spec));
        }
        checkNames(PdfAcroForm.getAcroForm(pdf, false), placed);
        PdfAcroForm form = PdfAcroForm.getAcroForm(pdf, true);
        Map<String, PdfFormField> radioGroups = new LinkedHashMap<>();
        for (Placed p : placed) {
            PdfFormField owner = recipientNode(pdf, form, p.spec().recipientId());
            boolean firstSignature = p.spec().type() == TagType.SIGNATURE && !hasSignatureField(owner);
            if (p.spec().type() == TagType.RADIO_FIELD) {
                PdfFormField group = radioGroups.computeIfAbsent(
                        FieldNames.radioGroup(p.spec().recipientId(), p.spec().groupName()),
                        name -> addKid(owner, FieldFactory.radioGroup(pdf, p.spec())));
                PdfFormAnnotation radio = FieldFactory.radioButton(pdf, p, group);
                addToPage(p.page(), radio.getWidget());
            } else {
                PdfFormField field = FieldFactory.field(pdf, p, firstSignature);
                // iText builds a field and its one widget as two objects; poppler then reports a signed
                // signature field as unsigned (it reads /V from the widget). One merged dictionary is
                // also how viewers write single-widget fields.
                PdfFormAnnotationUtil.mergeWidgetWithParentField(field);
                addKid(owner, field);
                addToPage(p.page(), field.getFirstFormAnnotation().getWidget());
            }
        }
        for (PdfFormField group : radioGroups.values()) {
            group.regenerateField();
        }
    }

    /**
     * Adds an invisible signature field for a signer who has no signature tag in this document,
     * so that they still sign it: a zero-size widget on page 1, which viewers list but do not draw.
     */
    public void addInvisibleSignature(PdfDocument pdf, UUID recipientId, String tagName) {
        PdfAcroForm form = PdfAcroForm.getAcroForm(pdf, true);
        String name = FieldNames.tag(recipientId, tagName);
        if (form.getField(name) != null) {
            throw duplicate(tagName, "the document already has a field " + name);
        }
        PdfFormField owner = recipientNode(pdf, form, recipientId);
        PdfPage page = pdf.getPage(1);
        PdfSignatureFormField field = new SignatureFormFieldBuilder(pdf, FieldNames.partial(recipientId, tagName))
                .setWidgetRectangle(new Rectangle(0, 0, 0, 0))
                .setPage(page)
                .createSignature();
        PdfFormAnnotationUtil.mergeWidgetWithParentField(field);
        addKid(owner, field);
        PdfWidgetAnnotation widget = field.getFirstFormAnnotation().getWidget();
        widget.setFlag(PdfAnnotation.PRINT);
        widget.setPage(page);
        PdfFormAnnotationUtil.addWidgetAnnotationToPage(page, widget);
    }

    /**
     * Draws the form fields a sender's PDF arrived with into their pages and removes them as
     * fields, before Signet adds its own and certifies. Left as fields, anyone could change their
     * value after signing and validators would count it as the form filling the certification
     * (DocMDP P=2) permits; as page content they are what every signer saw, fixed.
     *
     * <p>A rewrite of its own, not part of the certification's revision: iText flattens only in a
     * full rewrite, never in an incremental update.
     *
     * @return the document without form fields, or {@code pdf} itself when it had none
     */
    public byte[] flattenSenderFields(byte[] pdf) {
        try {
            if (!hasFields(pdf)) {
                return pdf;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(pdf.length);
            try (PdfDocument doc = new PdfDocument(SafePdf.reader(pdf), new PdfWriter(out))) {
                PdfAcroForm.getAcroForm(doc, false).flattenFields();
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean hasFields(byte[] pdf) throws IOException {
        try (PdfDocument doc = new PdfDocument(SafePdf.reader(pdf))) {
            PdfAcroForm form = PdfAcroForm.getAcroForm(doc, false);
            return form != null && !form.getRootFormFields().isEmpty();
        }
    }

    /** Where a spec goes: its page, and its rectangle in that page's user space. */
    record Placed(FieldSpec spec, PdfPage page, Rectangle rect, int rotation) {}

    static Placed locate(PdfDocument pdf, FieldSpec spec) {
        String tag = spec.tagName();
        if (tag.isEmpty()) {
            throw new FieldPlacementException(BAD_SPEC, tag, "a tag needs a name");
        }
        if (spec.type() == TagType.RADIO_FIELD
                && (spec.groupName() == null || spec.groupName().isEmpty())) {
            throw new FieldPlacementException(BAD_SPEC, tag, "radio tag '" + tag + "' needs a tag_group_name");
        }
        int pages = pdf.getNumberOfPages();
        if (spec.pageNumber() < 1 || spec.pageNumber() > pages) {
            throw new FieldPlacementException(
                    NO_SUCH_PAGE,
                    tag,
                    "tag '" + tag + "' is on page " + spec.pageNumber() + " but the document has " + pages
                            + (pages == 1 ? " page" : " pages"));
        }
        PdfPage page = pdf.getPage(spec.pageNumber());
        PageGeometry geometry = PageGeometry.of(page);
        if (!TagGeometry.onPage(spec.x(), spec.y())) {
            throw new FieldPlacementException(
                    OUTSIDE_PAGE,
                    tag,
                    String.format(
                            Locale.ROOT,
                            "tag '%s' (%s at x=%s, y=%s) is not on page %d",
                            tag,
                            spec.type().wireName(),
                            spec.x(),
                            spec.y(),
                            spec.pageNumber()));
        }
        TagGeometry.Box box = TagGeometry.box(
                spec.type(), spec.x(), spec.y(), spec.width(), geometry.visibleWidth(), geometry.visibleHeight());
        return new Placed(
                spec, page, geometry.toUserSpace(box.u(), box.v(), box.width(), box.height()), geometry.rotation());
    }

    /** @param form the document's form, or null if it has none yet */
    private static void checkNames(PdfAcroForm form, List<Placed> placed) {
        Set<String> tags = new HashSet<>();
        Set<String> groups = new HashSet<>();
        for (Placed p : placed) {
            FieldSpec spec = p.spec();
            // Tag names are unique per recipient whatever their type: rules and values refer to them.
            if (!tags.add(spec.recipientId() + "\n" + spec.tagName())) {
                throw duplicate(spec.tagName(), "tag name '" + spec.tagName() + "' is used twice by one recipient");
            }
            String name = spec.type() == TagType.RADIO_FIELD
                    ? FieldNames.radioGroup(spec.recipientId(), spec.groupName())
                    : FieldNames.tag(spec.recipientId(), spec.tagName());
            boolean newGroup = spec.type() == TagType.RADIO_FIELD && groups.add(name);
            if ((spec.type() != TagType.RADIO_FIELD || newGroup) && form != null && form.getField(name) != null) {
                throw duplicate(spec.tagName(), "the document already has a field " + name);
            }
        }
    }

    private static FieldPlacementException duplicate(String tag, String message) {
        return new FieldPlacementException(DUPLICATE_NAME, tag, message);
    }

    private static PdfFormField recipientNode(PdfDocument pdf, PdfAcroForm form, UUID recipientId) {
        PdfFormField root = form.getField(FieldNames.ROOT);
        if (root == null) {
            root = new NonTerminalFormFieldBuilder(pdf, FieldNames.ROOT).createNonTerminalFormField();
            root.makeIndirect(pdf);
            form.addField(root, null);
        }
        String partial = recipientId.toString();
        PdfFormField node = root.getChildField(partial);
        if (node == null) {
            node = new NonTerminalFormFieldBuilder(pdf, partial).createNonTerminalFormField();
            node.makeIndirect(pdf);
            root.addKid(node);
        }
        return node;
    }

    private static boolean hasSignatureField(PdfFormField recipientNode) {
        return recipientNode.getChildFormFields().stream().anyMatch(f -> f instanceof PdfSignatureFormField);
    }

    private static PdfFormField addKid(PdfFormField parent, PdfFormField kid) {
        parent.addKid(kid);
        return kid;
    }

    private static void addToPage(PdfPage page, PdfWidgetAnnotation widget) {
        widget.setFlag(PdfAnnotation.PRINT);
        widget.setPage(page);
        PdfFormAnnotationUtil.addWidgetAnnotationToPage(page, widget);
    }
}
