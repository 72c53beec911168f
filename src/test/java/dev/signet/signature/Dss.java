package dev.signet.signature;

import eu.europa.esig.dss.jaxb.object.Message;
import eu.europa.esig.dss.model.FileDocument;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.validation.SignedDocumentValidator;
import eu.europa.esig.dss.validation.reports.Reports;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * EU DSS as an independent judge, offline: Signet's root as the only trust anchor, and only the
 * revocation data the PDF carries (no CRL or OCSP fetching, no AIA).
 */
public final class Dss {

    private Dss() {}

    public static Reports validate(Path pdf, X509Certificate trustAnchor) {
        CommonTrustedCertificateSource trusted = new CommonTrustedCertificateSource();
        trusted.addCertificate(new CertificateToken(trustAnchor));
        CommonCertificateVerifier verifier = new CommonCertificateVerifier();
        verifier.setTrustedCertSources(trusted);
        verifier.setCrlSource(null);
        verifier.setOcspSource(null);
        verifier.setAIASource(null);
        SignedDocumentValidator validator = SignedDocumentValidator.fromDocument(new FileDocument(pdf.toFile()));
        validator.setCertificateVerifier(verifier);
        return validator.validateDocument();
    }

    /**
     * What DSS says against the changes made after each signature: every warning or error of the
     * simple report about MDP rules or object modifications, and every check of the detailed
     * report about them whose status is not OK. Empty when DSS finds every later revision permitted.
     */
    static List<String> modificationDoubts(Reports reports) {
        List<String> doubts = new ArrayList<>();
        SimpleReport simple = reports.getSimpleReport();
        for (String id : simple.getSignatureIdList()) {
            for (List<Message> messages : List.of(
                    simple.getAdESValidationWarnings(id),
                    simple.getAdESValidationErrors(id),
                    simple.getAdESValidationInfo(id))) {
                messages.stream()
                        .map(Message::getValue)
                        .filter(Dss::aboutModifications)
                        .forEach(m -> doubts.add(simple.getSignedBy(id) + ": " + m));
            }
        }
        Matcher check = Pattern.compile("<Name Key=\"(\\w+)\">([^<]*)</Name>\\s*<Status>(\\w+)")
                .matcher(reports.getXmlDetailedReport());
        while (check.find()) {
            if (aboutModifications(check.group(2)) && !check.group(3).equals("OK")) {
                doubts.add(check.group(1) + " " + check.group(2) + " " + check.group(3));
            }
        }
        return doubts;
    }

    private static boolean aboutModifications(String text) {
        return text.contains("MDP") || text.toLowerCase(Locale.ROOT).contains("modification");
    }
}
