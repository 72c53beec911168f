package dev.signet.assurance;

import java.util.Arrays;
import java.util.Locale;

/**
 * A check a recipient passes, as {@code dmn/recipient-assurance.dmn} names it in its {@code step}
 * output. The table decides which steps and in which order; this names what each one is.
 */
public enum AssuranceStep {
    /** A one-time password (SMS, or email without a mobile number) before the documents can be viewed. */
    OTP("otp"),
    /** Yoti auth ({@code sign-auth}): a Yoti-verified email shared from the Yoti app before viewing. */
    YOTI_AUTH("yoti_auth"),
    /** Identity verification before the documents can be viewed ({@code when: before_viewing}). */
    IDV_BEFORE("idv_before"),
    /** Identity verification after submitting ({@code when: after_submitting}). */
    IDV_AFTER("idv_after"),
    /** After signing the signer names a witness, who is invited with their own steps. */
    WITNESS("witness");

    private final String decisionName;

    AssuranceStep(String decisionName) {
        this.decisionName = decisionName;
    }

    /** The value of the decision table's {@code step} output. */
    public String decisionName() {
        return decisionName;
    }

    /** The step a decision output names; an unknown name is a table that needs a developer, not a silent skip. */
    public static AssuranceStep fromDecision(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(s -> s.decisionName.equals(wanted))
                .findFirst()
                .orElseThrow(
                        () -> new IllegalArgumentException("The assurance decision names an unknown step: " + name));
    }
}
