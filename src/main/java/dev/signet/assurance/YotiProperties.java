package dev.signet.assurance;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Signet's application at Yoti: its SDK id and the PEM key pair Yoti's Hub issued for it, from the
 * environment ({@code SIGNET_YOTI_*}, see application.yml). With no SDK id or key file Yoti IDV and
 * Yoti auth are off, and live keys asking for {@code auth_type: idv} or {@code sign-auth} are
 * refused at create.
 *
 * @param docScanApiUrl the Doc Scan (IDV) API's base URL; Yoti's own unless a test points it elsewhere
 * @param shareApiUrl the Digital ID share (v2) API's base URL, for Yoti auth; Yoti's own unless a test
 *     points it elsewhere
 */
@ConfigurationProperties("signet.yoti")
public record YotiProperties(
        String sdkId,
        String keyFile,
        @DefaultValue("https://api.yoti.com/idverify/v1") String docScanApiUrl,
        @DefaultValue("https://api.yoti.com/share") String shareApiUrl) {

    public boolean configured() {
        return notBlank(sdkId) && notBlank(keyFile) && notBlank(docScanApiUrl);
    }

    /** Whether Yoti auth ({@code sign-auth}) can run for live keys. */
    public boolean shareConfigured() {
        return notBlank(sdkId) && notBlank(keyFile) && notBlank(shareApiUrl);
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }
}
