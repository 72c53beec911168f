package dev.signet.tagging;

import static dev.signet.tagging.FieldTypesTest.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.itextpdf.forms.PdfSigFieldLock;
import com.itextpdf.kernel.crypto.DigestAlgorithms;
import com.itextpdf.kernel.pdf.PdfReader;
import com.itextpdf.kernel.pdf.StampingProperties;
import com.itextpdf.signatures.BouncyCastleDigest;
import com.itextpdf.signatures.PdfPKCS7;
import com.itextpdf.signatures.PdfSigner;
import com.itextpdf.signatures.PrivateKeySignature;
import com.itextpdf.signatures.SignatureUtil;
import com.itextpdf.signatures.SignerProperties;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract with the signing step, proved with iText's own signer and a throw-away key: the
 * filler runs on the signer's document, the signature field is signed with the appearance from
 * {@link SignatureAppearances}, the filled fields are locked, and the typed name survives signing.
 */
class SigningContractTest {

    @BeforeAll
    static void provider() {
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            Security.addProvider(new BouncyCastleProvider());
        }
    }

    @Test
    void filledFieldsAndTheDrawnSignatureSurviveSigningAndAreLocked() throws Exception {
        byte[] placed = FieldTypesTest.placedEveryType();
        String field = FieldNames.tag(ALICE, "Sign here");
        KeyPair keys = KeyPairGenerator.getInstance("EC").generateKeyPair();
        X509Certificate certificate = selfSigned(keys);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PdfSigner signer = new PdfSigner(
                new PdfReader(new ByteArrayInputStream(placed)), out, new StampingProperties().useAppendMode());
        Map<String, String> values = FieldFillerTest.aliceValues();
        List<String> filled = new FieldFiller().fill(signer.getDocument(), ALICE, values, FieldFillerTest.CAPTION);
        List<String> toLock = filled.stream().filter(n -> !n.equals(field)).toList();
        signer.setSignerProperties(new SignerProperties()
                .setFieldName(field)
                .setSignatureAppearance(SignatureAppearances.of(
                        signer.getDocument(), field, values.get("Sign here"), FieldFillerTest.CAPTION))
                .setFieldLockDict(new PdfSigFieldLock()
                        .setFieldLock(PdfSigFieldLock.LockAction.INCLUDE, toLock.toArray(String[]::new))));
        signer.signDetached(
                new BouncyCastleDigest(),
                new PrivateKeySignature(keys.getPrivate(), DigestAlgorithms.SHA256, BouncyCastleProvider.PROVIDER_NAME),
                new Certificate[] {certificate},
                null,
                null,
                null,
                0,
                PdfSigner.CryptoStandard.CMS);
        byte[] signed = out.toByteArray();

        boolean intact = TestDocs.read(signed, pdf -> {
            SignatureUtil util = new SignatureUtil(pdf);
            PdfPKCS7 pkcs7 = util.readSignatureData(field);
            try {
                return util.getSignatureNames().equals(List.of(field))
                        && util.signatureCoversWholeDocument(field)
                        && pkcs7.verifySignatureIntegrityAndAuthenticity();
            } catch (java.security.GeneralSecurityException e) {
                throw new AssertionError(e);
            }
        });
        assertThat(intact).isTrue();
        String lockedFields = TestDocs.read(
                signed,
                pdf -> new SignatureUtil(pdf)
                        .getSignatureDictionary(field)
                        .getAsArray(com.itextpdf.kernel.pdf.PdfName.Reference)
                        .toString());
        assertThat(lockedFields).contains("FieldMDP").contains(FieldNames.tag(ALICE, "full.name"));

        assertThat(FieldFillerTest.textAt(signed, 1, FieldFillerTest.rect(signed, field)))
                .contains("Zoë Smith")
                .contains("28 Nov 2026");
        assertThat(Tools.pdftotextLayout(signed)).contains("Zoë Smith", "Zoë Łukasz-Smith");
        Tools.assertQpdfClean(signed);
        // poppler reads /V from the field's own dictionary: the field and its widget must be one object.
        String pdfsig = Tools.run(signed, "pdfsig", "FILE").output();
        assertThat(pdfsig).contains("Signature Field Name: " + field, "Signature is Valid.", "Total document signed");
    }

    static X509Certificate selfSigned(KeyPair keys) throws Exception {
        X500Name name = new X500Name("CN=Zoë Smith (test only)");
        Date now = new Date();
        var builder = new JcaX509v3CertificateBuilder(
                name, BigInteger.ONE, now, new Date(now.getTime() + 3_600_000L), name, keys.getPublic());
        var contentSigner = new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
    }
}
