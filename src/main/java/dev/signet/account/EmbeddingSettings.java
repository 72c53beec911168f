package dev.signet.account;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * An organisation's embedding settings, per mode: the origins whose pages may frame
 * {@code /embedded/sign/{token}} (the pages' {@code Content-Security-Policy: frame-ancestors}, and
 * the only targets of their {@code postMessage}) and the branding of its signing pages. Without
 * settings no page may frame them.
 */
@Service
public class EmbeddingSettings {

    public static final int MAX_ORIGINS = 10;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcClient jdbc;

    EmbeddingSettings(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Settings(List<String> allowedOrigins, Branding branding) {
        public static final Settings NONE = new Settings(List.of(), Branding.NONE);
    }

    private static final Set<String> FIELDS = Set.of("allowed_origins", "branding");

    /** The outcome of {@link #check}: settings that may be saved, or every problem under its JSON path. */
    public sealed interface Checked {
        record Valid(List<String> allowedOrigins, Branding branding) implements Checked {}

        record Invalid(List<Branding.Problem> problems) implements Checked {}
    }

    /**
     * Checks a settings object ({@code allowed_origins}, {@code branding}) as {@code PUT /v2/embedding}
     * takes it: the one place its rules live, for the API and the portal alike.
     */
    public static Checked check(JsonNode body, boolean sandbox) {
        List<Branding.Problem> problems = new ArrayList<>();
        if (body == null || !body.isObject()) {
            problems.add(new Branding.Problem("", "must be a JSON object"));
            return new Checked.Invalid(problems);
        }
        body.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                problems.add(new Branding.Problem(f, "is not an embedding setting (allowed_origins, branding)"));
            }
        });
        JsonNode origins = body.path("allowed_origins");
        Set<String> normalised = new LinkedHashSet<>();
        if (!origins.isArray() || origins.size() > MAX_ORIGINS) {
            problems.add(
                    new Branding.Problem("allowed_origins", "must be an array of at most " + MAX_ORIGINS + " origins"));
        } else {
            for (int i = 0; i < origins.size(); i++) {
                String origin = origins.get(i).isTextual() ? origins.get(i).asText() : null;
                Optional<String> problem = originProblem(origin, sandbox);
                if (problem.isPresent()) {
                    problems.add(new Branding.Problem("allowed_origins[" + i + "]", problem.get()));
                } else {
                    normalised.add(normalise(origin));
                }
            }
        }
        problems.addAll(Branding.problems(body.get("branding"), "branding"));
        return problems.isEmpty()
                ? new Checked.Valid(List.copyOf(normalised), Branding.of(body.get("branding")))
                : new Checked.Invalid(problems);
    }

    public Settings of(UUID organisationId, Mode mode) {
        return jdbc.sql(
                        "select allowed_origins, branding_json from organisation_embedding where organisation_id = ? and mode = ?")
                .params(organisationId, mode.dbValue())
                .query((rs, n) ->
                        new Settings(origins(rs.getString("allowed_origins")), branding(rs.getString("branding_json"))))
                .optional()
                .orElse(Settings.NONE);
    }

    /** Replaces the settings; the origins are {@link #normalise}d ones that {@link #originProblem} passed. */
    @Transactional
    public void save(UUID organisationId, Mode mode, List<String> origins, Branding branding) {
        String brandingJson =
                branding.toJson().isEmpty() ? null : branding.toJson().toString();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        int updated = jdbc.sql("""
                update organisation_embedding set allowed_origins = ?, branding_json = ?, updated_at = ?
                where organisation_id = ? and mode = ?""")
                .params(String.join(" ", origins), brandingJson, now, organisationId, mode.dbValue())
                .update();
        if (updated == 0) {
            jdbc.sql("""
                    insert into organisation_embedding (organisation_id, mode, allowed_origins, branding_json, updated_at)
                    values (?, ?, ?, ?, ?)""")
                    .params(organisationId, mode.dbValue(), String.join(" ", origins), brandingJson, now)
                    .update();
        }
    }

    /**
     * Why a text is not an origin that may frame the pages, or empty. An origin is a scheme, a host
     * and maybe a port, nothing else: HTTPS; plain http only for loopback hosts and only in sandbox,
     * to try a host page on one's own machine. No wildcards: each origin is named.
     */
    public static Optional<String> originProblem(String origin, boolean sandbox) {
        if (origin == null || origin.length() > 200) {
            return Optional.of("must be an origin such as https://app.example.com (at most 200 characters)");
        }
        URI uri;
        try {
            uri = new URI(origin);
        } catch (URISyntaxException e) {
            return Optional.of("is not an origin such as https://app.example.com");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean bare = uri.getHost() != null
                && uri.getRawUserInfo() == null
                && (uri.getRawPath() == null || uri.getRawPath().isEmpty())
                && uri.getRawQuery() == null
                && uri.getRawFragment() == null;
        if (!bare || !(scheme.equals("https") || scheme.equals("http"))) {
            return Optional.of("must be an origin: scheme, host and port only, such as https://app.example.com");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        boolean loopback = host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
        if (scheme.equals("http") && !(sandbox && loopback)) {
            return Optional.of(
                    sandbox ? "must be https (sandbox also allows http on localhost or 127.0.0.1)" : "must be https");
        }
        return Optional.empty();
    }

    /** The origin as a browser sends it: lower case, without the scheme's default port. */
    public static String normalise(String origin) {
        URI uri = URI.create(origin);
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort =
                port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    private static List<String> origins(String stored) {
        return stored == null || stored.isBlank()
                ? List.of()
                : Arrays.asList(stored.trim().split(" "));
    }

    private static Branding branding(String json) {
        if (json == null) {
            return Branding.NONE;
        }
        try {
            return Branding.of(JSON.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored branding is not JSON", e);
        }
    }
}
