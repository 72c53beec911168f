package dev.signet.assurance;

import dev.signet.account.Mode;
import dev.signet.envelope.IdvConfig;
import java.util.HashMap;
import java.util.Map;

/**
 * What {@code dmn/recipient-assurance.dmn} decides on, for one recipient: flags and option values
 * only, never a name, address or number, so they may be handed to the engine as variables.
 *
 * @param recipientType SIGNER, WITNESS or CC
 * @param authType the recipient's {@code auth_type}: no-auth, sign-auth or idv
 * @param hasEnvelopeOtps the envelope's {@code has_envelope_otps}
 * @param witnessRequired the recipient object has a {@code witness}
 * @param idvWhen {@code verification.idv.when}: before_viewing or after_submitting; null without IDV
 * @param sandbox true for sandbox keys and for every envelope in embedded mode (sandbox providers)
 */
public record AssuranceFacts(
        String recipientType,
        String authType,
        boolean hasEnvelopeOtps,
        boolean witnessRequired,
        String idvWhen,
        boolean sandbox) {

    /** The decision's key in the engine (the decision's id in the table). */
    public static final String DECISION_KEY = "recipientAssurance";

    /** The outputs of each matched rule. */
    public static final String OUTPUT_STEP = "step";

    public static final String OUTPUT_PROVIDER = "provider";

    public static final String NO_AUTH = "no-auth";
    public static final String BEFORE_VIEWING = IdvConfig.BEFORE_VIEWING;
    public static final String AFTER_SUBMITTING = IdvConfig.AFTER_SUBMITTING;

    public AssuranceFacts {
        authType = authType == null ? NO_AUTH : authType;
        idvWhen = idvWhen == null && "idv".equals(authType) ? BEFORE_VIEWING : idvWhen;
    }

    /** Sandbox keys, and every envelope when Signet runs embedded, use the sandbox providers. */
    public static boolean sandbox(Mode mode, boolean embedded) {
        return embedded || mode == Mode.SANDBOX;
    }

    /** The names of {@link #variables()}, to remove them once the decision is taken. */
    public static final java.util.List<String> INPUTS =
            java.util.List.of("recipientType", "authType", "hasEnvelopeOtps", "witnessRequired", "idvWhen", "mode");

    /** The decision's inputs by variable name, as the business rule task and the tests pass them. */
    public Map<String, Object> variables() {
        Map<String, Object> variables = new HashMap<>();
        variables.put("recipientType", recipientType);
        variables.put("authType", authType);
        variables.put("hasEnvelopeOtps", hasEnvelopeOtps);
        variables.put("witnessRequired", witnessRequired);
        variables.put("idvWhen", idvWhen);
        variables.put("mode", sandbox ? "sandbox" : "live");
        return variables;
    }
}
