package dev.signet.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import dev.signet.Api;
import dev.signet.SignetIntegrationTest;
import dev.signet.notification.OutboxDispatcher;
import dev.signet.notification.Smtp;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * {@code /v2/templates} over real HTTP on the real PostgreSQL: a template is saved, exported,
 * imported into another organisation and sent from there, and the envelope it makes is the one
 * the template describes; the template's refusals are the envelope create's; a changed export is
 * refused; one organisation never reaches another's template.
 */
class TemplatesApiTest extends SignetIntegrationTest {

    @RegisterExtension
    static final GreenMailExtension smtp = Smtp.server();

    @Autowired
    OutboxDispatcher dispatcher;

    private String tag;

    @BeforeEach
    void drainEarlierMail() {
        for (int round = 0; round < 100 && dispatcher.dispatchDue() > 0; round++) {
            // deliver what earlier tests left due, so this test's mail goes in the next batch
        }
        tag = UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aTemplateExportedAndImportedIntoAnotherOrganisationSendsTheEnvelopeItDescribes() throws Exception {
        Tenant first = newTenant();
        Tenant second = newTenant();
        String name = "Lease " + tag;
        Api.Response saved = TemplateFixtures.save(
                api, first.liveKey(), TemplateFixtures.leaseOptions(name).toString());
        assertThat(saved.status()).as(saved.text()).isEqualTo(201);
        JsonNode template = saved.json();
        assertThat(template.path("name").asText()).isEqualTo(name);
        assertThat(template.path("roles").toString())
                .isEqualTo("[{\"role\":\"Tenant\",\"type\":\"SIGNER\",\"sign_group\":1},"
                        + "{\"role\":\"Landlord\",\"type\":\"SIGNER\",\"sign_group\":2},"
                        + "{\"role\":\"Agent\",\"type\":\"CC\"}]");
        String id = template.path("template_id").asText();
        assertThat(api.get("/v2/templates", first.liveKey())
                        .json()
                        .path("templates")
                        .findValuesAsText("template_id"))
                .containsExactly(id);

        Api.Response export = api.get("/v2/templates/" + id + "/export", first.liveKey());
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.header("Content-Disposition")).contains("attachment");
        JsonNode file = export.json();
        assertThat(file.path("format").asText()).isEqualTo("signet-template");
        assertThat(file.path("version").asInt()).isEqualTo(1);
        JsonNode document = file.path("documents").get(0);
        byte[] content =
                Base64.getDecoder().decode(document.path("content_base64").asText());
        assertThat(content).isEqualTo(TemplateFixtures.LEASE);
        assertThat(document.path("sha256").asText()).isEqualTo(sha256(TemplateFixtures.LEASE));

        Api.Response imported = api.postJson("/v2/templates/import", second.liveKey(), export.text());
        assertThat(imported.status()).as(imported.text()).isEqualTo(201);
        String copy = imported.json().path("template_id").asText();
        assertThat(copy).isNotEqualTo(id);
        assertThat(imported.json().path("roles")).isEqualTo(template.path("roles"));

        String tenant = "tenant-" + tag + "@example.com";
        String landlord = "landlord-" + tag + "@example.com";
        String agent = "agent-" + tag + "@example.com";
        ObjectNode send = JSON.createObjectNode();
        ArrayNode people = send.putArray("recipients");
        // In any order: people are matched to roles by name, whatever its case.
        people.addObject().put("role", "agent").put("name", "Ann Agent").put("email", agent);
        people.addObject().put("role", "Landlord").put("name", "Lee Landlord").put("email", landlord);
        people.addObject().put("role", "Tenant").put("name", "Tia Tenant").put("email", tenant);
        send.putObject("options").put("name", "Lease of Flat " + tag);
        Api.Response sent = api.postJson("/v2/templates/" + copy + "/envelopes", second.liveKey(), send.toString());
        assertThat(sent.status()).as(sent.text()).isEqualTo(202);
        UUID envelope = UUID.fromString(sent.json().path("envelope_id").asText());

        runJobs(envelope);
        assertThat(status(envelope)).isEqualTo("ACTIVE");
        JsonNode view = api.get("/v2/envelopes/" + envelope, second.liveKey()).json();
        assertThat(view.path("envelope_name").asText()).isEqualTo("Lease of Flat " + tag);
        JsonNode recipients = view.path("details").path("recipients");
        assertThat(recipients).hasSize(3);
        assertThat(List.of(
                        recipients.get(0).path("email").asText(),
                        recipients.get(1).path("email").asText(),
                        recipients.get(2).path("email").asText()))
                .containsExactly(tenant, landlord, agent);
        assertThat(List.of(
                        recipients.get(0).path("type").asText(),
                        recipients.get(1).path("type").asText(),
                        recipients.get(2).path("type").asText()))
                .containsExactly("SIGNER", "SIGNER", "CC");
        assertThat(recipients.get(0).path("name").asText()).isEqualTo("Tia Tenant");
        assertThat(recipients.get(0).path("role").asText()).isEqualTo("Tenant");
        assertThat(recipients.get(0).path("tags").findValuesAsText("name"))
                .containsExactly("tenant_sig", "tenant_phone");
        assertThat(recipients.get(1).path("tags").findValuesAsText("name")).containsExactly("landlord_sig");
        assertThat(view.path("details").path("files").findValuesAsText("name")).containsExactly("lease.pdf");
        assertThat(api.get("/v2/envelopes/" + envelope, first.liveKey()).status())
                .as("the envelope is the second organisation's")
                .isEqualTo(404);

        // The first sign group is invited, by email over SMTP; the second waits its turn.
        for (int round = 0; round < 10 && dispatcher.dispatchDue() > 0; round++) {
            // deliver every batch
        }
        assertThat(Smtp.receivedBy(smtp, tenant)).hasSize(1);
        assertThat(Smtp.receivedBy(smtp, tenant).get(0).getSubject()).contains("Lease of Flat " + tag);
        assertThat(Smtp.part(Smtp.receivedBy(smtp, tenant).get(0), "text/plain").orElseThrow())
                .contains("Please sign the lease.")
                .contains("/sign/");
        assertThat(Smtp.receivedBy(smtp, landlord)).isEmpty();
        assertThat(Smtp.receivedBy(smtp, agent)).isEmpty();

        // The template stays in the first organisation, unchanged.
        assertThat(api.get("/v2/templates/" + id, first.liveKey())
                        .json()
                        .path("documents")
                        .get(0)
                        .path("sha256")
                        .asText())
                .isEqualTo(sha256(TemplateFixtures.LEASE));
    }

    @Test
    void anotherOrganisationOrModeCannotReachATemplate() {
        Tenant owner = newTenant();
        Tenant other = newTenant();
        String id = TemplateFixtures.save(
                        api,
                        owner.liveKey(),
                        TemplateFixtures.leaseOptions("Lease " + tag).toString())
                .json()
                .path("template_id")
                .asText();
        for (String key : List.of(other.liveKey(), other.sandboxKey(), owner.sandboxKey())) {
            for (String path : List.of("", "/export", "/api-request")) {
                Api.Response r = api.get("/v2/templates/" + id + path, key);
                assertThat(r.status()).as(path).isEqualTo(404);
                assertThat(r.json().path("code").asText()).isEqualTo("NOT_FOUND");
            }
            assertThat(api.postJson("/v2/templates/" + id + "/envelopes", key, people().toString())
                            .status())
                    .isEqualTo(404);
            assertThat(api.delete("/v2/templates/" + id, key).status()).isEqualTo(404);
            assertThat(api.get("/v2/templates", key).json().path("templates")).isEmpty();
        }
        assertThat(api.get("/v2/templates/" + id, owner.liveKey()).status()).isEqualTo(200);
        assertThat(api.get("/v2/templates/" + id, null).status()).isEqualTo(401);

        assertThat(api.delete("/v2/templates/" + id, owner.liveKey()).status()).isEqualTo(204);
        assertThat(api.get("/v2/templates/" + id, owner.liveKey()).status()).isEqualTo(404);
    }

    @Test
    void aTemplateThatCouldNeverBeSentIsRefusedWithTheEnvelopeCreatesAnswer() {
        Tenant tenant = newTenant();
        ObjectNode options = TemplateFixtures.leaseOptions("Lease " + tag);
        ObjectNode tenantTag = (ObjectNode) options.at("/recipients/0/tags/0");
        tenantTag.put("x", 2.0);
        tenantTag.put("type", "stamp");
        ((ObjectNode) options.at("/recipients/1")).put("sign_group", 3);
        options.putObject("emails").putObject("reminders").put("frequency", 5);

        Api.Response refused = TemplateFixtures.save(api, tenant.liveKey(), options.toString());
        Api.Response create = api.createEnvelope(
                tenant.liveKey(), withPeople(options).toString(), Map.of("lease.pdf", TemplateFixtures.LEASE));

        assertThat(create.status()).isEqualTo(422);
        assertThat(refused.status()).as(refused.text()).isEqualTo(422);
        assertThat(refused.json().path("code").asText()).isEqualTo("VALIDATION_FAILED");
        assertThat(refused.json().path("errors"))
                .as("the same problems, in the same words, as POST /v2/envelopes")
                .isEqualTo(create.json().path("errors"))
                .hasSizeGreaterThanOrEqualTo(4);
        assertThat(api.get("/v2/templates", tenant.liveKey()).json().path("templates"))
                .isEmpty();

        // A file the intake refuses is refused as the create refuses it.
        Api.Response notPdf = api.multipart(
                "/v2/templates",
                tenant.liveKey(),
                Map.of(),
                List.of(
                        Api.Part.file("lease.pdf", "not a pdf".getBytes()),
                        Api.Part.options(
                                TemplateFixtures.leaseOptions("Lease " + tag).toString())));
        Api.Response notPdfCreate = api.createEnvelope(
                tenant.liveKey(),
                withPeople(TemplateFixtures.leaseOptions("Lease " + tag)).toString(),
                Map.of("lease.pdf", "not a pdf".getBytes()));
        assertThat(notPdf.status()).isEqualTo(notPdfCreate.status()).isBetween(400, 499);
        assertThat(notPdf.json().path("code")).isEqualTo(notPdfCreate.json().path("code"));
    }

    @Test
    void aTemplatesRecipientIsARoleWithoutAPerson() {
        Tenant tenant = newTenant();
        ObjectNode options = TemplateFixtures.leaseOptions("Lease " + tag);
        ((ObjectNode) options.at("/recipients/0")).put("email", "someone@example.com");
        ((ObjectNode) options.at("/recipients/1")).remove("role");
        ((ObjectNode) options.at("/recipients/2")).put("role", "TENANT");

        Api.Response refused = TemplateFixtures.save(api, tenant.liveKey(), options.toString());

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().path("errors").findValuesAsText("field"))
                .containsExactly("recipients[0].email", "recipients[1].role", "recipients[2].role");
    }

    @Test
    void sendingChecksThePeopleByTheEnvelopesRulesAndNamesThemAsTheRequestDid() {
        Tenant tenant = newTenant();
        String id = TemplateFixtures.save(
                        api,
                        tenant.liveKey(),
                        TemplateFixtures.leaseOptions("Lease " + tag).toString())
                .json()
                .path("template_id")
                .asText();
        ObjectNode body = people();
        ((ObjectNode) body.at("/recipients/1")).put("email", "not an address");
        body.putObject("options").putObject("emails").putObject("reminders").put("frequency", 5);

        Api.Response refused = api.postJson("/v2/templates/" + id + "/envelopes", tenant.liveKey(), body.toString());

        assertThat(refused.status()).as(refused.text()).isEqualTo(422);
        // The landlord is recipients[1] of the template and recipients[1] here: the tenant's line is first in both.
        assertThat(refused.json().path("errors").toString())
                .contains("{\"field\":\"recipients[1].email\",\"message\":\"is not a valid email address\"}")
                .contains("\"field\":\"options.emails.reminders.frequency\"");

        ObjectNode unknown = people();
        ((ObjectNode) unknown.at("/recipients/0")).put("role", "Guarantor");
        ((ObjectNode) unknown.at("/recipients/0")).put("sign_group", 2);
        Api.Response wrongRole =
                api.postJson("/v2/templates/" + id + "/envelopes", tenant.liveKey(), unknown.toString());
        assertThat(wrongRole.status()).isEqualTo(422);
        assertThat(wrongRole.json().path("errors").findValuesAsText("field"))
                .containsExactly("recipients[0].sign_group", "recipients[0].role", "recipients");
        Api.Response keyed = api.send(api.builder("/v2/templates/" + id + "/envelopes", tenant.liveKey())
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "once-" + tag)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(people().toString())));
        assertThat(keyed.status()).isEqualTo(422);
        assertThat(keyed.json().path("code").asText()).isEqualTo("IDEMPOTENCY_NOT_SUPPORTED");
        assertThat(jdbc.sql("select count(*) from envelope where organisation_id = ?")
                        .param(tenant.organisationId())
                        .query(Integer.class)
                        .single())
                .as("nothing was created")
                .isZero();
    }

    @Test
    void aChangedOrUnknownExportIsRefused() throws Exception {
        Tenant first = newTenant();
        Tenant second = newTenant();
        String id = TemplateFixtures.save(
                        api,
                        first.liveKey(),
                        TemplateFixtures.leaseOptions("Lease " + tag).toString())
                .json()
                .path("template_id")
                .asText();
        ObjectNode file = (ObjectNode)
                api.get("/v2/templates/" + id + "/export", first.liveKey()).json();

        ObjectNode tampered = file.deepCopy();
        byte[] changed = TemplateFixtures.LEASE.clone();
        changed[changed.length / 2] ^= 1;
        ((ObjectNode) tampered.at("/documents/0"))
                .put("content_base64", Base64.getEncoder().encodeToString(changed));
        Api.Response mismatch = api.postJson("/v2/templates/import", second.liveKey(), tampered.toString());
        assertThat(mismatch.status()).isEqualTo(422);
        assertThat(mismatch.json().path("code").asText()).isEqualTo("TEMPLATE_HASH_MISMATCH");
        assertThat(mismatch.json().path("errors").findValuesAsText("field")).containsExactly("documents[0].sha256");

        ObjectNode later = file.deepCopy().put("version", 2);
        Api.Response version = api.postJson("/v2/templates/import", second.liveKey(), later.toString());
        assertThat(version.status()).isEqualTo(422);
        assertThat(version.json().path("code").asText()).isEqualTo("UNSUPPORTED_TEMPLATE_VERSION");

        ObjectNode options = file.deepCopy();
        ((ObjectNode) options.at("/options/recipients/0/tags/0")).put("page_number", 9);
        ((ObjectNode) options.at("/options")).remove("name");
        Api.Response invalid = api.postJson("/v2/templates/import", second.liveKey(), options.toString());
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.json().path("errors").findValuesAsText("field")).contains("name");

        assertThat(api.postJson("/v2/templates/import", second.liveKey(), "{\"format\":")
                        .status())
                .isEqualTo(400);
        assertThat(api.get("/v2/templates", second.liveKey()).json().path("templates"))
                .isEmpty();

        assertThat(api.postJson("/v2/templates/import", second.liveKey(), file.toString())
                        .status())
                .isEqualTo(201);
    }

    @Test
    void theApiRequestIsTheCreateThatSendsTheTemplate() {
        Tenant tenant = newTenant();
        String id = TemplateFixtures.save(
                        api,
                        tenant.liveKey(),
                        TemplateFixtures.leaseOptions("Lease " + tag).toString())
                .json()
                .path("template_id")
                .asText();

        JsonNode request = api.get("/v2/templates/" + id + "/api-request", tenant.liveKey())
                .json();

        assertThat(request.path("method").asText()).isEqualTo("POST");
        assertThat(request.path("url").asText()).isEqualTo("http://signet.test/v2/envelopes");
        assertThat(request.path("options").at("/recipients/0/name").asText()).isEqualTo("<name of Tenant>");
        assertThat(request.path("options").at("/recipients/2").has("role"))
                .as("a CC has a name and an email only")
                .isFalse();
        assertThat(request.path("curl").asText())
                .startsWith("curl -X POST 'http://signet.test/v2/envelopes'")
                .contains("-F 'file=@\"lease.pdf\"'")
                .contains("-F 'options={\"name\":\"Lease " + tag + "\"")
                .contains("<email of Landlord>")
                .endsWith(";type=application/json'");
    }

    /** The three people of the lease template, in its order. */
    private ObjectNode people() {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode people = body.putArray("recipients");
        people.addObject()
                .put("role", "Tenant")
                .put("name", "Tia Tenant")
                .put("email", "tenant-" + tag + "@example.com");
        people.addObject()
                .put("role", "Landlord")
                .put("name", "Lee Landlord")
                .put("email", "landlord-" + tag + "@example.com");
        people.addObject().put("role", "Agent").put("name", "Ann Agent").put("email", "agent-" + tag + "@example.com");
        return body;
    }

    /** The template's options as an envelope create's: a person for each role, a CC without its role. */
    private static ObjectNode withPeople(ObjectNode options) {
        ObjectNode copy = options.deepCopy();
        for (int i = 0; i < copy.path("recipients").size(); i++) {
            ObjectNode r = (ObjectNode) copy.path("recipients").get(i);
            r.put("name", "Person " + i).put("email", "role-" + (i + 1) + "@example.com");
            if ("CC".equals(r.path("type").asText())) {
                r.remove("role");
            }
        }
        return copy;
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
