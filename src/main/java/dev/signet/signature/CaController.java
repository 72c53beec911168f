package dev.signet.signature;

import dev.signet.account.Mode;
import dev.signet.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Locale;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Signet's CA in public: the roots a relying party imports to trust Signet's signatures, and the
 * CRLs and CA certificate every issued certificate points to. Open to anyone, no API key.
 */
@RestController
class CaController {

    static final MediaType PEM = MediaType.parseMediaType("application/x-pem-file");
    static final MediaType CRL = MediaType.parseMediaType("application/pkix-crl");
    /** RFC 2585's type for one DER certificate, what AIA caIssuers URLs serve (RFC 5280 §4.2.2.1). */
    static final MediaType CERTIFICATE = MediaType.parseMediaType("application/pkix-cert");

    private final Pki pki;

    CaController(Pki pki) {
        this.pki = pki;
    }

    @GetMapping("/v2/ca/certificates")
    ResponseEntity<String> certificates() {
        StringBuilder pem = new StringBuilder();
        for (Mode mode : Mode.values()) {
            pem.append(pem(pki.root(mode)));
        }
        return ResponseEntity.ok().contentType(PEM).body(pem.toString());
    }

    @GetMapping("/v2/ca/{mode}/crl")
    ResponseEntity<byte[]> crl(@PathVariable String mode) {
        return ResponseEntity.ok().contentType(CRL).body(pki.crl(mode(mode)));
    }

    /** The issuing CA's certificate as DER: where every certificate Signet issues points (AIA caIssuers). */
    @GetMapping("/v2/ca/{mode}/certificate")
    ResponseEntity<byte[]> certificate(@PathVariable String mode) {
        return ResponseEntity.ok().contentType(CERTIFICATE).body(CertificateBuilder.encoded(pki.issuingCa(mode(mode))));
    }

    private static Mode mode(String value) {
        for (Mode mode : Mode.values()) {
            if (mode.dbValue().equals(value.toLowerCase(Locale.ROOT))) {
                return mode;
            }
        }
        throw ApiException.notFound("The CA '" + value + "'");
    }

    static String pem(X509Certificate certificate) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(CertificateBuilder.encoded(certificate));
        return "-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n";
    }
}
