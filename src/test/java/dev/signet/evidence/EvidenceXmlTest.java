package dev.signet.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

class EvidenceXmlTest {

    /** What the first event of a trail follows. */
    private static final String FIRST_PREV_HASH = "0".repeat(64);

    @Test
    void theSealedEvidenceVerifiesAndAnyChangeOrOtherKeyFails() throws Exception {
        KeyPair seal = ecKeyPair();
        X509Certificate certificate = selfSigned(seal, "CN=Test Seal");
        byte[] xml = EvidenceXml.signed(content(), seal.getPrivate(), List.of(certificate));

        String text = new String(xml, StandardCharsets.UTF_8);
        assertThat(text).contains("Alice Smith").contains("ENVELOPE_CREATED").contains("headHash=\"abc123\"");
        assertThat(EvidenceXml.verify(xml, certificate.getPublicKey())).isTrue();

        byte[] edited = text.replace("Alice Smith", "Mallory Smith").getBytes(StandardCharsets.UTF_8);
        assertThat(EvidenceXml.verify(edited, certificate.getPublicKey())).isFalse();
        assertThat(EvidenceXml.verify(xml, ecKeyPair().getPublic())).isFalse();
    }

    @Test
    void controlCharactersNoncharactersAndLoneSurrogatesStillGiveAWellFormedFileThatVerifies() throws Exception {
        KeyPair seal = ecKeyPair();
        X509Certificate certificate = selfSigned(seal, "CN=Test Seal");
        UUID envelope = UUID.randomUUID();
        Map<String, String> recipient = new LinkedHashMap<>();
        recipient.put("name", "Ali\u0001ce\u000B Smith\uFFFE\u0000");
        recipient.put("role", "Tenant\uD800");
        recipient.put("declineReason", "Wrong address.\nPlease\tresend.");
        CompletedEnvelope.Event event = new CompletedEnvelope.Event(
                1,
                OffsetDateTime.now(ZoneOffset.UTC),
                "recipient_declined",
                "recipient:\u0002",
                "{\"reason\":\"no\uFFFF\"}",
                FIRST_PREV_HASH,
                "abc123");
        EvidenceXml.Content content = new EvidenceXml.Content(
                Map.of("id", envelope.toString(), "name", "Lease\u0085\u001F"),
                List.of(),
                List.of(recipient),
                List.of(event),
                "abc123");

        byte[] xml = EvidenceXml.signed(content, seal.getPrivate(), List.of(certificate));

        var parsed = javax.xml.parsers.DocumentBuilderFactory.newDefaultInstance()
                .newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(xml));
        var element =
                (org.w3c.dom.Element) parsed.getElementsByTagName("Recipient").item(0);
        assertThat(element.getAttribute("name")).isEqualTo("Ali\\u0001ce\\u000B Smith\\uFFFE\\u0000");
        assertThat(element.getAttribute("role")).isEqualTo("Tenant\\uD800");
        assertThat(element.getAttribute("declineReason")).isEqualTo("Wrong address.\nPlease\tresend.");
        assertThat(EvidenceXml.verify(xml, certificate.getPublicKey())).isTrue();
    }

    @Test
    void aDoctypeIsRefusedWhenChecking() throws Exception {
        KeyPair seal = ecKeyPair();
        String evil = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>";
        assertThat(EvidenceXml.verify(evil.getBytes(StandardCharsets.UTF_8), seal.getPublic()))
                .isFalse();
    }

    private static EvidenceXml.Content content() {
        UUID envelope = UUID.randomUUID();
        Map<String, String> envelopeAttributes = new LinkedHashMap<>();
        envelopeAttributes.put("id", envelope.toString());
        envelopeAttributes.put("name", "Lease");
        Map<String, String> recipient = new LinkedHashMap<>();
        recipient.put("name", "Alice Smith");
        recipient.put("email", "alice@example.com");
        CompletedEnvelope.Event event = new CompletedEnvelope.Event(
                1,
                OffsetDateTime.now(ZoneOffset.UTC),
                "ENVELOPE_CREATED",
                "sender",
                "{\"files\":1}",
                FIRST_PREV_HASH,
                "abc123");
        return new EvidenceXml.Content(
                envelopeAttributes, List.of(Map.of("name", "lease.pdf")), List.of(recipient), List.of(event), "abc123");
    }

    static KeyPair ecKeyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    static X509Certificate selfSigned(KeyPair keys, String subject) throws Exception {
        X500Name name = new X500Name(subject);
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(
                name,
                BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minusSeconds(60)),
                Date.from(now.plusSeconds(3600)),
                name,
                keys.getPublic());
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    }
}
