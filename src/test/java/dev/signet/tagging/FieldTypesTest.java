package dev.signet.tagging;

import static org.assertj.core.api.Assertions.assertThat;

import com.itextpdf.forms.PdfAcroForm;
import com.itextpdf.forms.fields.PdfButtonFormField;
import com.itextpdf.forms.fields.PdfFormField;
import com.itextpdf.forms.fields.PdfTextFormField;
import com.itextpdf.kernel.pdf.PdfName;
import dev.signet.tagging.FieldSpec.TextOptions;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FieldTypesTest {

    static final UUID ALICE = FieldPlacementTest.ALICE;
    static final UUID BOB = UUID.fromString("00000000-0000-4000-8000-000000000b0b");

    /** Every tag type for Alice, a text field and a signature for Bob. */
    static List<FieldSpec> everyType() {
        return List.of(
                new FieldSpec(ALICE, "Sign here", TagType.SIGNATURE, 1, 0.1, 0.05, null, false, null, null),
                new FieldSpec(ALICE, "initials", TagType.INITIALS, 1, 0.6, 0.05, null, false, null, null),
                new FieldSpec(
                        ALICE,
                        "full.name",
                        TagType.TEXT_FIELD,
                        1,
                        0.1,
                        0.2,
                        0.5,
                        false,
                        null,
                        new TextOptions(null, "Your name as on your passport", false)),
                new FieldSpec(
                        ALICE,
                        "ref",
                        TagType.TEXT_FIELD,
                        1,
                        0.1,
                        0.25,
                        0.3,
                        true,
                        null,
                        new TextOptions("ABC-123", null, true)),
                new FieldSpec(ALICE, "agree", TagType.CHECKBOX_FIELD, 1, 0.1, 0.3, null, false, null, null),
                new FieldSpec(ALICE, "basic", TagType.RADIO_FIELD, 1, 0.1, 0.35, null, true, "plan", null),
                new FieldSpec(ALICE, "premium", TagType.RADIO_FIELD, 2, 0.3, 0.35, null, true, "plan", null),
                new FieldSpec(ALICE, "signed on", TagType.DATE_SIGNED_FIELD, 1, 0.1, 0.4, null, false, null, null),
                new FieldSpec(ALICE, "id document", TagType.ATTACHMENT, 1, 0.1, 0.45, null, true, null, null),
                new FieldSpec(ALICE, "Sign again", TagType.SIGNATURE, 2, 0.1, 0.6, null, false, null, null),
                new FieldSpec(BOB, "note", TagType.TEXT_FIELD, 1, 0.1, 0.7, null, true, null, null),
                new FieldSpec(BOB, "Sign here", TagType.SIGNATURE, 1, 0.5, 0.7, null, false, null, null));
    }

    static byte[] placedEveryType() {
        return TestDocs.edit(
                TestDocs.pages(TestDocs.a4(), TestDocs.a4()), pdf -> new FieldPlacement().place(pdf, everyType()));
    }

    record FieldFacts(
            String type, int flags, String tooltip, int maxLen, String value, int widgets, boolean signetTyped) {}

    static Map<String, FieldFacts> facts(byte[] pdf) {
        return TestDocs.read(
                pdf,
                doc -> PdfAcroForm.getAcroForm(doc, false).getAllFormFields().values().stream()
                        .filter(f -> f.getFormType() != null)
                        .collect(Collectors.toMap(
                                f -> f.getFieldName().toUnicodeString(),
                                f -> new FieldFacts(
                                        f.getFormType().getValue(),
                                        f.getFieldFlags(),
                                        f.getAlternativeName() == null
                                                ? null
                                                : f.getAlternativeName().toUnicodeString(),
                                        f instanceof PdfTextFormField ? ((PdfTextFormField) f).getMaxLen() : 0,
                                        f.getValueAsString(),
                                        f.getWidgets().size(),
                                        FieldKinds.of(f).isPresent()))));
    }

    @Test
    void everyTagTypeBecomesItsFieldTypeUnderItsOwnersName() {
        Map<String, FieldFacts> facts = facts(placedEveryType());
        String a = "signet." + ALICE + ".";
        String b = "signet." + BOB + ".";
        assertThat(facts.keySet())
                .containsExactlyInAnyOrder(
                        a + "Sign here~" + ALICE,
                        a + "initials~" + ALICE,
                        a + "full%2Ename~" + ALICE,
                        a + "ref~" + ALICE,
                        a + "agree~" + ALICE,
                        a + "group:plan",
                        a + "signed on~" + ALICE,
                        a + "id document~" + ALICE,
                        a + "Sign again~" + ALICE,
                        b + "note~" + BOB,
                        b + "Sign here~" + BOB);
        Function<String, FieldFacts> alice = tag -> facts.get(FieldNames.tag(ALICE, tag));

        assertThat(alice.apply("Sign here").type()).isEqualTo("Sig");
        assertThat(facts.get(FieldNames.tag(BOB, "Sign here")).type()).isEqualTo("Sig");
        assertThat(alice.apply("initials").type()).isEqualTo("Btn");
        assertThat(alice.apply("initials").flags() & PdfButtonFormField.FF_PUSH_BUTTON)
                .isNotZero();
        assertThat(alice.apply("id document").flags() & PdfButtonFormField.FF_PUSH_BUTTON)
                .isNotZero();
        // A second signature tag of the same signer is a push button: one PDF signature signs one field.
        assertThat(alice.apply("Sign again").type()).isEqualTo("Btn");
        assertThat(alice.apply("Sign again").flags() & PdfButtonFormField.FF_PUSH_BUTTON)
                .isNotZero();

        FieldFacts name = alice.apply("full.name");
        assertThat(name.type()).isEqualTo("Tx");
        assertThat(name.tooltip()).isEqualTo("Your name as on your passport");
        assertThat(name.maxLen()).isEqualTo(255);
        assertThat(name.flags() & PdfFormField.FF_READ_ONLY).isZero();
        assertThat(name.flags() & PdfFormField.FF_REQUIRED).isNotZero();
        FieldFacts ref = alice.apply("ref");
        assertThat(ref.value()).isEqualTo("ABC-123");
        assertThat(ref.flags() & PdfFormField.FF_READ_ONLY).isNotZero();
        assertThat(ref.flags() & PdfFormField.FF_REQUIRED).isZero();
        FieldFacts date = alice.apply("signed on");
        assertThat(date.type()).isEqualTo("Tx");
        assertThat(date.flags() & PdfFormField.FF_READ_ONLY).isNotZero();

        FieldFacts agree = alice.apply("agree");
        assertThat(agree.type()).isEqualTo("Btn");
        assertThat(agree.flags() & (PdfButtonFormField.FF_PUSH_BUTTON | PdfButtonFormField.FF_RADIO))
                .isZero();
        assertThat(agree.value()).isEqualTo("Off");

        FieldFacts plan = facts.get(FieldNames.radioGroup(ALICE, "plan"));
        assertThat(plan.flags() & PdfButtonFormField.FF_RADIO).isNotZero();
        assertThat(plan.widgets()).isEqualTo(2);
        assertThat(plan.flags() & PdfFormField.FF_REQUIRED).isZero();

        assertThat(facts.keySet())
                .allSatisfy(n -> assertThat(FieldNames.owner(n)).isPresent());
        assertThat(facts.values()).allSatisfy(f -> assertThat(f.signetTyped()).isTrue());
    }

    @Test
    void radioButtonsOfOneGroupMaySitOnDifferentPagesAndKeepTheirTagNamesAsStates() {
        byte[] pdf = placedEveryType();
        List<String> statesAndPages = TestDocs.read(pdf, doc -> {
            PdfFormField plan = PdfAcroForm.getAcroForm(doc, false).getField(FieldNames.radioGroup(ALICE, "plan"));
            return plan.getWidgets().stream()
                    .map(w -> {
                        String on = w.getAppearanceDictionary().getAsDictionary(PdfName.N).keySet().stream()
                                .map(PdfName::getValue)
                                .filter(s -> !s.equals("Off"))
                                .findFirst()
                                .orElseThrow();
                        return on + "@" + doc.getPageNumber(w.getPage());
                    })
                    .toList();
        });
        assertThat(statesAndPages).containsExactly("basic@1", "premium@2");
    }

    @Test
    void everyWidgetIsOnItsPageAndPrints() {
        byte[] pdf = placedEveryType();
        Tools.assertQpdfClean(pdf);
        List<Integer> annotationsPerPage = TestDocs.read(
                pdf,
                doc -> List.of(
                        doc.getPage(1).getAnnotations().size(),
                        doc.getPage(2).getAnnotations().size()));
        assertThat(annotationsPerPage).containsExactly(10, 2);
        boolean allPrint = TestDocs.read(
                pdf,
                doc -> PdfAcroForm.getAcroForm(doc, false).getAllFormFields().values().stream()
                        .flatMap(f -> f.getWidgets().stream())
                        .allMatch(w -> (w.getFlags() & com.itextpdf.kernel.pdf.annot.PdfAnnotation.PRINT) != 0));
        assertThat(allPrint).isTrue();
    }

    @Test
    void namesEscapePeriodsAndColonsSoTheyStayOneLevelAndReversible() {
        assertThat(FieldNames.tag(ALICE, "a.b:c%d~")).isEqualTo("signet." + ALICE + ".a%2Eb%3Ac%25d%7E~" + ALICE);
        assertThat(FieldNames.tagOf("a%2Eb%3Ac%25d%7E~" + ALICE)).isEqualTo("a.b:c%d~");
        // Two signers' tags of one name still have different partial names: validators key on those.
        assertThat(FieldNames.partial(ALICE, "Sign here")).isNotEqualTo(FieldNames.partial(BOB, "Sign here"));
        assertThat(FieldNames.unescape(FieldNames.escape("a.b:c%d%2E"))).isEqualTo("a.b:c%d%2E");
        assertThat(FieldNames.owner("signet." + BOB + ".x")).contains(BOB);
        assertThat(FieldNames.owner("other." + BOB + ".x")).isEmpty();
    }
}
