package dev.signet.portal;

import dev.signet.account.SecretBox;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Each organisation's OpenID provider, as its admin configured it: the issuer, the client, the email
 * domains that lead to it, whether senders and viewers may still use a password, and what becomes of
 * a verified address that has no portal user yet. The client secret is stored sealed by {@link
 * SecretBox} and opened only to call the provider's token endpoint.
 */
@Repository
class SsoSettings {

    /** What a verified address of an allowed domain without a portal user becomes. */
    enum UnknownUsers {
        REFUSE,
        VIEWER,
        SENDER;

        Optional<Role> role() {
            return switch (this) {
                case REFUSE -> Optional.empty();
                case VIEWER -> Optional.of(Role.VIEWER);
                case SENDER -> Optional.of(Role.SENDER);
            };
        }

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Optional<UnknownUsers> parse(String value) {
            for (UnknownUsers u : values()) {
                if (u.key().equals(value)) {
                    return Optional.of(u);
                }
            }
            return Optional.empty();
        }
    }

    /** One organisation's provider; {@code sealedSecret} opens with {@link #clientSecret}. */
    record Sso(
            UUID organisationId,
            String issuer,
            String providerName,
            String clientId,
            String sealedSecret,
            List<String> domains,
            boolean passwordLogin,
            UnknownUsers unknownUsers) {}

    private final JdbcClient jdbc;
    private final SecretBox box;

    SsoSettings(JdbcClient jdbc, SecretBox box) {
        this.jdbc = jdbc;
        this.box = box;
    }

    /** Sealed for its row; a plain value left by an older Signet is sealed at start (account.SecretSealing). */
    static final SecretBox.Column CLIENT_SECRET =
            new SecretBox.Column("portal_sso", "client_secret", List.of("organisation_id"));

    static String secretContext(UUID organisationId) {
        return CLIENT_SECRET.context(organisationId);
    }

    Optional<Sso> of(UUID organisationId) {
        return jdbc.sql("""
                select organisation_id, issuer, provider_name, client_id, client_secret, password_login, unknown_users
                from portal_sso where organisation_id = ?""")
                .param(organisationId)
                .query((rs, n) -> new Sso(
                        rs.getObject("organisation_id", UUID.class),
                        rs.getString("issuer"),
                        rs.getString("provider_name"),
                        rs.getString("client_id"),
                        rs.getString("client_secret"),
                        List.of(),
                        rs.getBoolean("password_login"),
                        UnknownUsers.valueOf(rs.getString("unknown_users"))))
                .optional()
                .map(s -> new Sso(
                        s.organisationId(),
                        s.issuer(),
                        s.providerName(),
                        s.clientId(),
                        s.sealedSecret(),
                        domains(organisationId),
                        s.passwordLogin(),
                        s.unknownUsers()));
    }

    /** The organisation whose provider an address of this domain signs in with. */
    Optional<UUID> organisationOfDomain(String domain) {
        return jdbc.sql("select organisation_id from portal_sso_domain where domain = ?")
                .param(domain.toLowerCase(Locale.ROOT))
                .query(UUID.class)
                .optional();
    }

    String clientSecret(Sso sso) {
        return box.open(sso.sealedSecret(), secretContext(sso.organisationId()));
    }

    /** Whether this user may log in with a password: admins always may, so a broken provider locks no one out. */
    boolean passwordLoginAllowed(PortalUser user) {
        return user.role() == Role.ADMIN
                || of(user.organisationId()).map(Sso::passwordLogin).orElse(true);
    }

    /**
     * Saves the organisation's provider; {@code clientSecret} null keeps the stored one (false, nothing
     * saved, when there is none). A domain already leading to another organisation makes the whole save
     * fail (DuplicateKeyException).
     */
    @Transactional
    boolean save(
            UUID organisationId,
            String issuer,
            String providerName,
            String clientId,
            String clientSecret,
            List<String> domains,
            boolean passwordLogin,
            UnknownUsers unknownUsers) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        int updated = jdbc.sql("""
                update portal_sso set issuer = ?, provider_name = ?, client_id = ?, password_login = ?,
                  unknown_users = ?, updated_at = ? where organisation_id = ?""")
                .params(issuer, providerName, clientId, passwordLogin, unknownUsers.name(), now, organisationId)
                .update();
        if (updated == 0 && clientSecret == null) {
            return false;
        }
        if (updated == 0) {
            jdbc.sql("""
                    insert into portal_sso (organisation_id, issuer, provider_name, client_id, client_secret,
                      password_login, unknown_users, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(
                            organisationId,
                            issuer,
                            providerName,
                            clientId,
                            box.seal(clientSecret, secretContext(organisationId)),
                            passwordLogin,
                            unknownUsers.name(),
                            now)
                    .update();
        } else if (clientSecret != null) {
            jdbc.sql("update portal_sso set client_secret = ? where organisation_id = ?")
                    .params(box.seal(clientSecret, secretContext(organisationId)), organisationId)
                    .update();
        }
        jdbc.sql("delete from portal_sso_domain where organisation_id = ?")
                .param(organisationId)
                .update();
        for (String domain : domains) {
            jdbc.sql("insert into portal_sso_domain (domain, organisation_id) values (?, ?)")
                    .params(domain, organisationId)
                    .update();
        }
        return true;
    }

    /** Single sign-on off: the provider and its domains are forgotten; the users stay. */
    @Transactional
    boolean remove(UUID organisationId) {
        jdbc.sql("delete from portal_sso_domain where organisation_id = ?")
                .param(organisationId)
                .update();
        return jdbc.sql("delete from portal_sso where organisation_id = ?")
                        .param(organisationId)
                        .update()
                == 1;
    }

    private List<String> domains(UUID organisationId) {
        return jdbc.sql("select domain from portal_sso_domain where organisation_id = ? order by domain")
                .param(organisationId)
                .query(String.class)
                .list();
    }
}
