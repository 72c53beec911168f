package dev.signet.assurance;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A recipient's {@code yoti_attributes} (reference 2.1) as Yoti's Digital ID names them. The email
 * address is always asked for: it is what Yoti auth checks. {@code photo} and the older {@code selfie}
 * ask for the selfie Yoti verified; {@code photo_auth} asks for it too and has the person take a live
 * selfie in the app to share (Yoti's selfie authentication).
 */
final class YotiShareAttributes {

    static final String EMAIL = "email_address";
    static final String SELFIE = "selfie";
    static final String PHOTO_AUTH = "photo_auth";

    private static final Map<String, String> BY_API_NAME = Map.of(
            "full_name",
            "full_name",
            "date_of_birth",
            "date_of_birth",
            "postal_address",
            "postal_address",
            "gender",
            "gender",
            "nationality",
            "nationality",
            "phone_number",
            "phone_number",
            "photo",
            SELFIE,
            SELFIE,
            SELFIE,
            PHOTO_AUTH,
            SELFIE,
            EMAIL,
            EMAIL);

    private YotiShareAttributes() {}

    /** Yoti's names of what to ask for: the email address first, each attribute once. */
    static List<String> wanted(List<String> yotiAttributes) {
        Set<String> wanted = new LinkedHashSet<>();
        wanted.add(EMAIL);
        for (String attribute : yotiAttributes) {
            String name = BY_API_NAME.get(attribute);
            if (name != null) {
                wanted.add(name);
            }
        }
        return new ArrayList<>(wanted);
    }

    static boolean liveSelfie(List<String> yotiAttributes) {
        return yotiAttributes.contains(PHOTO_AUTH);
    }
}
