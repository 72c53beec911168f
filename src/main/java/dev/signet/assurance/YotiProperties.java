package dev.signet.assurance;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Signet's application at Yoti: its SDK id and the PEM key pair Yoti's Hub issued for it, from the
 * environment ({@code SIGNET_YOTI_*}, see application.yml). With no SDK id or key file Yoti IDV is
 * off, and live keys asking for {@code auth_type: idv} are refused at create.
 *
 * @param docScanApiUrl the Doc Scan (IDV) API's base URL; Yoti's own unless a test points it elsewhere
 */
@ConfigurationProperties("signet.yoti")
public record YotiProperties(
        String sdkId,
        String keyFile,
        @DefaultValue("https://api.yoti.com/idverify/v1") String docScanApiUrl) {

    public boolean configured() {
        return notBlank(sdkId) && notBlank(keyFile) && notBlank(docScanApiUrl);
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }
}
