package dev.signet.evidence;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.SignatureMethod;
import javax.xml.crypto.dsig.SignedInfo;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMSignContext;
import javax.xml.crypto.dsig.dom.DOMValidateContext;
import javax.xml.crypto.dsig.keyinfo.KeyInfo;
import javax.xml.crypto.dsig.keyinfo.KeyInfoFactory;
import javax.xml.crypto.dsig.spec.C14NMethodParameterSpec;
import javax.xml.crypto.dsig.spec.TransformParameterSpec;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The evidence XML of a completion pack: the envelope, its documents' hashes before and after
 * signing, every recipient with the checks they passed, and the whole audit trail with its hash
 * chain, signed by Signet's seal as an enveloped XML-DSig signature (exclusive canonicalisation,
 * SHA-256), so anyone with the seal certificate can check nothing in it was changed.
 */
public final class EvidenceXml {

    public static final String NAMESPACE = "https://signet.dev/ns/evidence/1";

    private static final Provider EC_PROVIDER = new BouncyCastleProvider();

    /** What goes into the file, gathered by the caller. Attribute maps keep their order. */
    public record Content(
            Map<String, String> envelope,
            List<Map<String, String>> documents,
            List<Map<String, String>> recipients,
            List<CompletedEnvelope.Event> events,
            String headHash) {}

    private EvidenceXml() {}

    public static byte[] signed(Content content, PrivateKey key, List<X509Certificate> chain) {
        try {
            Document doc = newBuilder().newDocument();
            Element root = doc.createElementNS(NAMESPACE, "Evidence");
            // Declared in the DOM itself: canonicalisation sees only what the DOM holds, and the
            // signature must cover the namespace the parsed file will have.
            root.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns", NAMESPACE);
            root.setAttribute("version", "1");
            doc.appendChild(root);
            root.appendChild(element(doc, "Envelope", content.envelope()));
            Element documents = child(doc, root, "Documents");
            content.documents().forEach(d -> documents.appendChild(element(doc, "Document", d)));
            Element recipients = child(doc, root, "Recipients");
            content.recipients().forEach(r -> recipients.appendChild(element(doc, "Recipient", r)));
            Element trail = child(doc, root, "AuditTrail");
            trail.setAttribute("events", Integer.toString(content.events().size()));
            trail.setAttribute("headHash", content.headHash());
            for (CompletedEnvelope.Event e : content.events()) {
                Element event = element(doc, "Event", Map.of());
                event.setAttribute("seq", Integer.toString(e.seq()));
                event.setAttribute("at", e.occurredAt().toInstant().toString());
                event.setAttribute("type", xmlText(e.type()));
                event.setAttribute("actor", xmlText(e.actor()));
                event.setAttribute("prevHash", e.prevHash());
                event.setAttribute("hash", e.hash());
                event.setTextContent(xmlText(e.detailsJson()));
                trail.appendChild(event);
            }
            sign(doc, key, chain);
            return serialise(doc);
        } catch (Exception e) {
            throw new IllegalStateException("Could not write the evidence XML", e);
        }
    }

    /** Whether the XML's signature is intact and made with the given certificate's key. */
    public static boolean verify(byte[] xml, PublicKey sealKey) {
        try {
            Document doc = newBuilder().parse(new ByteArrayInputStream(xml));
            NodeList signatures = doc.getElementsByTagNameNS(XMLSignature.XMLNS, "Signature");
            if (signatures.getLength() != 1) {
                return false;
            }
            DOMValidateContext context = new DOMValidateContext(sealKey, signatures.item(0));
            context.setProperty("org.jcp.xml.dsig.secureValidation", Boolean.TRUE);
            XMLSignature signature = XMLSignatureFactory.getInstance("DOM").unmarshalXMLSignature(context);
            // Only a signature over the whole document counts, not one over some fragment of it.
            List<?> references = signature.getSignedInfo().getReferences();
            boolean wholeDocument = references.size() == 1 && "".equals(((Reference) references.get(0)).getURI());
            return wholeDocument && signature.validate(context);
        } catch (Exception e) {
            return false;
        }
    }

    private static void sign(Document doc, PrivateKey key, List<X509Certificate> chain) throws Exception {
        XMLSignatureFactory factory = XMLSignatureFactory.getInstance("DOM");
        Reference reference = factory.newReference(
                "",
                factory.newDigestMethod(DigestMethod.SHA256, null),
                List.of(
                        factory.newTransform(Transform.ENVELOPED, (TransformParameterSpec) null),
                        factory.newTransform(CanonicalizationMethod.EXCLUSIVE, (TransformParameterSpec) null)),
                null,
                null);
        String algorithm = "EC".equals(key.getAlgorithm()) ? SignatureMethod.ECDSA_SHA256 : SignatureMethod.RSA_SHA256;
        SignedInfo signedInfo = factory.newSignedInfo(
                factory.newCanonicalizationMethod(CanonicalizationMethod.EXCLUSIVE, (C14NMethodParameterSpec) null),
                factory.newSignatureMethod(algorithm, null),
                List.of(reference));
        KeyInfoFactory keyInfos = factory.getKeyInfoFactory();
        KeyInfo keyInfo = keyInfos.newKeyInfo(List.of(keyInfos.newX509Data(List.copyOf(chain))));
        DOMSignContext context = new DOMSignContext(key, doc.getDocumentElement());
        if ("EC".equals(key.getAlgorithm())) {
            // Same ECDSA, BouncyCastle's P-256 arithmetic: several times faster than Java 17's SunEC.
            context.setProperty("org.jcp.xml.dsig.internal.dom.SignatureProvider", EC_PROVIDER);
        }
        factory.newXMLSignature(signedInfo, keyInfo).sign(context);
    }

    private static Element element(Document doc, String name, Map<String, String> attributes) {
        Element element = doc.createElementNS(NAMESPACE, name);
        attributes.forEach((k, v) -> {
            if (v != null) {
                element.setAttribute(k, xmlText(v));
            }
        });
        return element;
    }

    /**
     * The text as XML 1.0 can hold it. The API refuses control characters, noncharacters and lone
     * surrogates, but data stored before it did, or reaching us another way, must not make the
     * evidence file unreadable: each such character is written as the visible escape
     * backslash, u and four hex digits instead, so the file stays well-formed and still shows what was there.
     */
    static String xmlText(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            int n = Character.charCount(c);
            if (!allowedInXml(c)) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                out.append(String.format("\\u%04X", c));
            } else if (out != null) {
                out.appendCodePoint(c);
            }
            i += n;
        }
        return out == null ? text : out.toString();
    }

    /** XML 1.0's Char production; a lone surrogate (as codePointAt returns it) is not one. */
    private static boolean allowedInXml(int c) {
        return c == 0x9
                || c == 0xA
                || c == 0xD
                || (c >= 0x20 && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFFFD)
                || c >= 0x10000;
    }

    private static Element child(Document doc, Element parent, String name) {
        Element element = doc.createElementNS(NAMESPACE, name);
        parent.appendChild(element);
        return element;
    }

    private static DocumentBuilder newBuilder() throws Exception {
        // The JDK's own parser, named directly: newInstance() searches the classpath for another one
        // on every call, which cost more than building the whole evidence document.
        DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
        factory.setNamespaceAware(true);
        // Evidence files come back to us for checking: no DTDs, no external entities.
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return factory.newDocumentBuilder();
    }

    private static byte[] serialise(Document doc) throws Exception {
        TransformerFactory factory = TransformerFactory.newDefaultInstance();
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
        Transformer transformer = factory.newTransformer();
        // No indentation: whitespace added after signing would be outside what was signed.
        transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        transformer.transform(new DOMSource(doc), new StreamResult(out));
        return out.toByteArray();
    }
}
