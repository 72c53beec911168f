package dev.signet.account;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How the signing pages look for an organisation or an envelope: the reference's branding object
 * (§4.8). One set of rules for both places it is given, an envelope's {@code options.branding} and
 * the organisation's settings ({@code PUT /v2/embedding}); an envelope's fields win field by field
 * and its logo falls back to the organisation's.
 *
 * <p>The colours end up in a style sheet served to the signer, so only colour syntax is taken: hex,
 * {@code rgb()/rgba()/hsl()/hsla()} with numbers, or a name of letters. Nothing that could close a
 * declaration or a rule ({@code ; { } < >} and quotes) passes.
 */
public record Branding(
        String logoChoice,
        byte[] logoPng,
        String primaryColor,
        String primaryColorHover,
        String onPrimaryColor,
        String secondaryColor,
        String secondaryColorHover) {

    /** One problem of a branding object, under its JSON path (the caller's error body takes it as it is). */
    public record Problem(String field, String message) {}

    public static final Branding NONE = new Branding(null, null, null, null, null, null, null);

    /** The reference's choices; {@code no_logo} shows none, the others show the brand's logo when there is one. */
    public static final Set<String> LOGO_CHOICES =
            Set.of("brand_powered_by_yoti", "powered_by_yoti", "no_logo", "yoti_sign");

    public static final int MAX_LOGO_BYTES = 200 * 1024;

    private static final List<String> COLOURS = List.of(
            "primary_color", "primary_color_hover", "on_primary_color", "secondary_color", "secondary_color_hover");

    private static final Pattern COLOUR = Pattern.compile("#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})"
            + "|(?:rgb|rgba|hsl|hsla)\\([0-9.%, /]{1,60}\\)" + "|[a-zA-Z]{3,30}");

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /** Every problem of a branding object, each under {@code path}; empty when it may be used. */
    public static List<Problem> problems(JsonNode branding, String path) {
        List<Problem> problems = new ArrayList<>();
        if (branding == null || branding.isNull()) {
            return problems;
        }
        if (!branding.isObject()) {
            problems.add(new Problem(path, "must be an object"));
            return problems;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = branding.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            String at = path + "." + name;
            if (COLOURS.contains(name)) {
                if (!value.isTextual() || !COLOUR.matcher(value.asText()).matches()) {
                    problems.add(new Problem(at, "must be a CSS colour such as #0b5cad, rgb(11, 92, 173) or navy"));
                }
            } else if (name.equals("logo_options")) {
                logoProblems(value, at, problems);
            } else {
                problems.add(new Problem(at, "is not a branding field"));
            }
        }
        return problems;
    }

    private static void logoProblems(JsonNode logo, String path, List<Problem> problems) {
        if (!logo.isObject()) {
            problems.add(new Problem(path, "must be an object"));
            return;
        }
        for (Iterator<String> it = logo.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            JsonNode value = logo.get(name);
            if (name.equals("logo_choice")) {
                if (!value.isTextual() || !LOGO_CHOICES.contains(value.asText())) {
                    problems.add(new Problem(path + ".logo_choice", "must be one of " + LOGO_CHOICES));
                }
            } else if (name.equals("logo_base64")) {
                if (!value.isTextual() || png(value.asText()) == null) {
                    problems.add(new Problem(
                            path + ".logo_base64", "must be a base64 PNG of at most " + MAX_LOGO_BYTES / 1024 + " KB"));
                }
            } else {
                problems.add(new Problem(path + "." + name, "is not a logo option"));
            }
        }
    }

    /** The decoded PNG, or null if the text is not base64 of a PNG within the size. */
    private static byte[] png(String base64) {
        if (base64.length() > (MAX_LOGO_BYTES + 2) / 3 * 4 + 4) {
            return null;
        }
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (bytes.length > MAX_LOGO_BYTES || bytes.length < PNG_SIGNATURE.length) {
            return null;
        }
        for (int i = 0; i < PNG_SIGNATURE.length; i++) {
            if (bytes[i] != PNG_SIGNATURE[i]) {
                return null;
            }
        }
        return bytes;
    }

    /** A branding object that {@link #problems} passed; null or absent gives {@link #NONE}. */
    public static Branding of(JsonNode branding) {
        if (branding == null || !branding.isObject()) {
            return NONE;
        }
        JsonNode logo = branding.path("logo_options");
        return new Branding(
                text(logo, "logo_choice"),
                logo.hasNonNull("logo_base64") ? png(logo.get("logo_base64").asText()) : null,
                text(branding, "primary_color"),
                text(branding, "primary_color_hover"),
                text(branding, "on_primary_color"),
                text(branding, "secondary_color"),
                text(branding, "secondary_color_hover"));
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    /** This branding, each field not given taken from {@code fallback}. */
    public Branding over(Branding fallback) {
        return new Branding(
                logoChoice != null ? logoChoice : fallback.logoChoice,
                logoPng != null ? logoPng : fallback.logoPng,
                primaryColor != null ? primaryColor : fallback.primaryColor,
                primaryColorHover != null ? primaryColorHover : fallback.primaryColorHover,
                onPrimaryColor != null ? onPrimaryColor : fallback.onPrimaryColor,
                secondaryColor != null ? secondaryColor : fallback.secondaryColor,
                secondaryColorHover != null ? secondaryColorHover : fallback.secondaryColorHover);
    }

    /** Whether the pages show the brand's logo: there is one, and the choice is not {@code no_logo} or Signet's own. */
    public boolean showsLogo() {
        return logoPng != null && !"no_logo".equals(logoChoice) && !"yoti_sign".equals(logoChoice);
    }

    /** The style sheet of these colours as CSS custom properties, which signing.css reads with its defaults. */
    public String css() {
        StringBuilder css = new StringBuilder(":root {\n");
        property(css, "--brand-primary", primaryColor);
        property(css, "--brand-primary-hover", primaryColorHover);
        property(css, "--brand-on-primary", onPrimaryColor);
        property(css, "--brand-secondary", secondaryColor);
        property(css, "--brand-secondary-hover", secondaryColorHover);
        return css.append("}\n").toString();
    }

    private static void property(StringBuilder css, String name, String value) {
        if (value != null && COLOUR.matcher(value).matches()) {
            css.append("  ").append(name).append(": ").append(value).append(";\n");
        }
    }

    /** As JSON for storing, the logo base64 again. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        ObjectNode logo = JsonNodeFactory.instance.objectNode();
        if (logoChoice != null) {
            logo.put("logo_choice", logoChoice);
        }
        if (logoPng != null) {
            logo.put("logo_base64", Base64.getEncoder().encodeToString(logoPng));
        }
        if (!logo.isEmpty()) {
            json.set("logo_options", logo);
        }
        putIf(json, "primary_color", primaryColor);
        putIf(json, "primary_color_hover", primaryColorHover);
        putIf(json, "on_primary_color", onPrimaryColor);
        putIf(json, "secondary_color", secondaryColor);
        putIf(json, "secondary_color_hover", secondaryColorHover);
        return json;
    }

    private static void putIf(ObjectNode json, String field, String value) {
        if (value != null) {
            json.put(field, value);
        }
    }
}
