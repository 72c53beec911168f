package dev.signet.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.signet.account.Mode;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Collection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/** The CA's public endpoints and POST /v2/verify, on MockMvc without starting Spring. */
class ControllersTest {

    @TempDir
    static Path dir;

    static SignatureFixture fixture;
    static MockMvc mvc;
    static Path signed;

    @BeforeAll
    static void setUp() throws Exception {
        fixture = SignatureFixture.create(dir);
        mvc = MockMvcBuilders.standaloneSetup(new CaController(fixture.pki), new VerifyController(fixture.verifier))
                .setControllerAdvice(new TestErrors())
                .build();
        Path prepared = TestPdfs.withSignatureFields(dir.resolve("prepared.pdf"), 1, "signer");
        signed = dir.resolve("signed.pdf");
        fixture.signing.sign(
                prepared, signed, SignerRequest.of(Mode.SANDBOX, "signer", SignatureFixture.signer("Vera Verify")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theRootsOfBothHierarchiesAreServedAsPem() throws Exception {
        byte[] pem = mvc.perform(get("/v2/ca/certificates"))
                .andExpect(status().isOk())
                .andExpect(content().contentType("application/x-pem-file"))
                .andReturn()
                .getResponse()
                .getContentAsByteArray();

        Collection<java.security.cert.Certificate> roots = (Collection<java.security.cert.Certificate>)
                CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
        assertThat(roots).containsExactly(fixture.pki.root(Mode.LIVE), fixture.pki.root(Mode.SANDBOX));
    }

    @Test
    void eachHierarchysCrlIsServedSignedByItsRoot() throws Exception {
        for (Mode mode : Mode.values()) {
            byte[] der = mvc.perform(get("/v2/ca/" + mode.dbValue() + "/crl"))
                    .andExpect(status().isOk())
                    .andExpect(content().contentType("application/pkix-crl"))
                    .andReturn()
                    .getResponse()
                    .getContentAsByteArray();
            X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
            X509Certificate root = fixture.pki.root(mode);
            crl.verify(root.getPublicKey());
        }
        mvc.perform(get("/v2/ca/staging/crl")).andExpect(status().isNotFound());
    }

    @Test
    void aPdfPostedAsItsBodyOrAsAMultipartFileGetsItsReport() throws Exception {
        byte[] pdf = Files.readAllBytes(signed);

        mvc.perform(post("/v2/verify").contentType(MediaType.APPLICATION_PDF).content(pdf))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.valid").value(true))
                .andExpect(jsonPath("$.signatures[0].signerName").value("Vera Verify"))
                .andExpect(jsonPath("$.signatures[0].trustedBy").value("SANDBOX"))
                .andExpect(jsonPath("$.signatures[0].level").value("B_T"));
        mvc.perform(multipart("/v2/verify").file(new MockMultipartFile("file", "signed.pdf", "application/pdf", pdf)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.signatures[0].verifiedBy[1]").value("otp"));
    }

    @Test
    void somethingThatIsNotAPdfIsABadRequest() throws Exception {
        mvc.perform(post("/v2/verify").contentType(MediaType.APPLICATION_PDF).content("hello".getBytes()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("PDF_READER"));
    }

    /** Stands in for the application's error mapping, which lives in another package. */
    @org.springframework.web.bind.annotation.RestControllerAdvice
    static class TestErrors {
        @org.springframework.web.bind.annotation.ExceptionHandler(dev.signet.web.ApiException.class)
        org.springframework.http.ResponseEntity<java.util.Map<String, String>> api(dev.signet.web.ApiException e) {
            return org.springframework.http.ResponseEntity.status(e.status()).body(java.util.Map.of("code", e.code()));
        }
    }
}
