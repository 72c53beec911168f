package dev.signet.envelope;

import static dev.signet.envelope.CreateEnvelopeRequests.files;
import static dev.signet.envelope.CreateEnvelopeRequests.notifications;
import static dev.signet.envelope.CreateEnvelopeRequests.recipient;
import static dev.signet.envelope.CreateEnvelopeRequests.tag;
import static dev.signet.envelope.CreateEnvelopeRequests.validOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.SignetProperties;
import dev.signet.account.AccountService;
import dev.signet.account.Caller;
import dev.signet.account.Mode;
import dev.signet.document.DocumentStore;
import dev.signet.notification.webhook.WebhookProperties;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder;

/**
 * The refusals of {@code POST /v2/envelopes}, one row per rule (see {@link CreateEnvelopeRequests}),
 * in the web slice: the real sender-API security chain, controller, validation and error advice over
 * MockMvc, with no engine and no database. What the refused request could have written to goes to
 * mocks that must see no call: nothing is stored. The beans are chosen by name patterns, not
 * classes, so the slice follows the validation code wherever it is wired.
 */
@WebMvcTest(
        // A Signet that is not embedded and trusts no internal webhook host: the destination policy at its strictest.
        properties = {"signet.embedded=false", "signet.webhooks.internal-destinations="},
        useDefaultFilters = false,
        includeFilters =
                @ComponentScan.Filter(
                        type = FilterType.REGEX,
                        pattern = {
                            "dev\\.signet\\.web\\..*",
                            "dev\\.signet\\.account\\.(ApiSecurity|CallerArgumentResolver)",
                            "dev\\.signet\\.document\\.(PdfInspector|WordConverter|Uploads)",
                            "dev\\.signet\\.notification\\.webhook\\.WebhookDestinations",
                            "dev\\.signet\\.envelope\\.(EnvelopeController|EnvelopeService|IdentityProviders)"
                        }))
class CreateEnvelopeValidationSliceTest {

    /** The properties the destination policy reads; the slice does not scan for configuration properties. */
    @TestConfiguration
    @EnableConfigurationProperties({SignetProperties.class, WebhookProperties.class})
    static class DestinationPolicyProperties {}

    private static final String SANDBOX_KEY = "sk_sandbox_slice";
    private static final String LIVE_KEY = "sk_live_slice";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    MockMvc mvc;

    @MockitoBean
    AccountService accounts;
    /** Where an accepted envelope would be written; a refusal must not reach them. */
    @MockitoBean
    EnvelopeRepository repository;

    @MockitoBean
    IdempotencyStore idempotency;

    @MockitoBean
    AuditTrail audit;

    @MockitoBean
    DocumentStore documents;

    /** The door, which the controller's completion-pack endpoint asks (issue 16); a create never does. */
    @MockitoBean
    Envelopes door;
    /** The controller's other endpoints (issue 14); a create never reaches them. */
    @MockitoBean
    CompletionPackResends resends;

    @MockitoBean
    OfflineSigning offline;
    /** The sandbox provider serves sandbox keys; no Yoti IDV is configured for live ones. */
    @Autowired
    IdentityProviders identity;

    /** The organisation has no custom identity verification configuration. */
    @MockitoBean
    CustomIdvConfigs customIdvConfigs;

    @BeforeEach
    void keys() {
        UUID organisation = UUID.randomUUID();
        when(accounts.authenticate(SANDBOX_KEY))
                .thenReturn(Optional.of(new Caller(organisation, Mode.SANDBOX, UUID.randomUUID())));
        when(accounts.authenticate(LIVE_KEY))
                .thenReturn(Optional.of(new Caller(organisation, Mode.LIVE, UUID.randomUUID())));
        identity.servesIdv(Mode.SANDBOX);
    }

    /** The answer to a create request, as the full-service tests' Api client reads it. */
    private record Answer(int status, JsonNode json, String text) {
        @Override
        public String toString() {
            return status + " " + text;
        }
    }

    private Answer create(String key, String optionsJson, Map<String, byte[]> files) throws Exception {
        MockMultipartHttpServletRequestBuilder request = multipart("/v2/envelopes");
        files.forEach((name, content) -> request.file(new MockMultipartFile("file", name, "application/pdf", content)));
        request.file(new MockMultipartFile(
                "options", null, "application/json", optionsJson.getBytes(StandardCharsets.UTF_8)));
        MvcResult result =
                mvc.perform(request.header("Authorization", "Bearer " + key)).andReturn();
        String text = result.getResponse().getContentAsString(StandardCharsets.UTF_8);
        return new Answer(
                result.getResponse().getStatus(), text.isEmpty() ? JSON.missingNode() : JSON.readTree(text), text);
    }

    private void nothingWasStored() {
        verifyNoInteractions(repository, documents, idempotency, audit);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.signet.envelope.CreateEnvelopeRequests#invalidOptions")
    void aRequestBreakingOneRuleIsRefusedNamingTheField(
            String description, Consumer<ObjectNode> mutation, Set<String> fields) throws Exception {
        ObjectNode options = validOptions();
        mutation.accept(options);

        Answer response = create(SANDBOX_KEY, options.toString(), files());

        assertThat(response.status()).as(response.toString()).isEqualTo(422);
        assertThat(response.json().path("code").asText()).isEqualTo("VALIDATION_FAILED");
        assertThat(response.json().path("message").asText()).isNotBlank();
        assertThat(errorFields(response)).as(response.toString()).isEqualTo(fields);
        nothingWasStored();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.signet.envelope.CreateEnvelopeRequests#validOptionsNotHonouredYet")
    void anOptionThisSignetDoesNotHonourIsRefusedNotIgnored(
            String description, Consumer<ObjectNode> mutation, String code, Set<String> fields) throws Exception {
        ObjectNode options = validOptions();
        mutation.accept(options);

        Answer response = create(SANDBOX_KEY, options.toString(), files());

        assertThat(response.status()).as(response.toString()).isEqualTo(422);
        assertThat(response.json().path("code").asText())
                .as(response.toString())
                .isEqualTo(code);
        assertThat(response.json().path("message").asText()).isNotBlank();
        assertThat(errorFields(response)).as(response.toString()).isEqualTo(fields);
        nothingWasStored();
    }

    /** Live keys are verified by Yoti IDV; with none configured, auth_type idv is refused, saying why. */
    @Test
    void liveIdentityVerificationWithoutAProviderIsRefusedNotIgnored() throws Exception {
        ObjectNode options = validOptions();
        CreateEnvelopeRequests.idvSigner(options);

        Answer live = create(LIVE_KEY, options.toString(), files());

        assertThat(live.status()).as(live.toString()).isEqualTo(422);
        assertThat(live.json().path("code").asText()).isEqualTo("ASSURANCE_NOT_AVAILABLE");
        assertThat(errorFields(live)).containsExactly("recipients[0].auth_type");
        assertThat(live.json().path("errors").get(0).path("message").asText()).contains("Yoti IDV");
        nothingWasStored();
    }

    /** The sandbox keeps an SMS in its outbox (a row of the full-service test accepts it); live needs an SMS provider (LiveSmsInvitationTest). */
    @Test
    void aLiveSmsInvitationIsRefusedNotQueuedToFail() throws Exception {
        ObjectNode options = validOptions();
        recipient(options, 0).put("iso_country_code", "GB").put("mobile_number", "7999999999");
        recipient(options, 0)
                .putArray("event_notifications")
                .add("signer_invitation")
                .add("signer_invitation_sms");

        Answer response = create(LIVE_KEY, options.toString(), files());

        assertThat(response.status()).as(response.toString()).isEqualTo(422);
        assertThat(response.json().path("code").asText()).isEqualTo("SMS_NOT_AVAILABLE");
        assertThat(errorFields(response)).isEqualTo(Set.of("recipients[0].event_notifications"));
        nothingWasStored();
    }

    @Test
    void everyProblemOfOneRequestIsReportedAtOnce() throws Exception {
        ObjectNode options = validOptions();
        options.put("name", "What? A lease");
        recipient(options, 0).put("email", "not-an-email");
        tag(options, 1, 0).put("x", 2.0);
        recipient(options, 2).put("role", "Observer");
        options.putObject("emails").putObject("reminders").put("frequency", 3);

        Answer response = create(SANDBOX_KEY, options.toString(), files());

        assertThat(response.status()).isEqualTo(422);
        assertThat(errorFields(response))
                .containsExactlyInAnyOrder(
                        "name",
                        "recipients[0].email",
                        "recipients[1].tags[0].x",
                        "recipients[2].role",
                        "emails.reminders.frequency");
        response.json()
                .get("errors")
                .forEach(e -> assertThat(e.path("message").asText()).isNotBlank());
    }

    @Test
    void aLiveKeyMayNotSendWebhooksToLoopbackEvenOverHttps() throws Exception {
        for (String destination : List.of(
                "http://127.0.0.1:9000/hook",
                "https://127.0.0.1/hook",
                "https://localhost/hook",
                "https://[::1]/hook")) {
            ObjectNode options = validOptions();
            notifications(options, destination);

            Answer response = create(LIVE_KEY, options.toString(), files());

            assertThat(response.status()).as(destination + " → " + response).isEqualTo(422);
            assertThat(errorFields(response)).containsExactly("notifications.destination");
        }
        // A public destination is accepted (CreateEnvelopeValidationTest, on the whole service).
    }

    /** Without a key the sender API answers 401 with the API's error body, before any validation. */
    @Test
    void aRequestWithoutAKeyIsRefusedBeforeItsOptionsAreRead() throws Exception {
        MvcResult result = mvc.perform(multipart("/v2/envelopes")
                        .file(new MockMultipartFile(
                                "options", null, "application/json", "{}".getBytes(StandardCharsets.UTF_8))))
                .andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(401);
        assertThat(JSON.readTree(result.getResponse().getContentAsString())
                        .path("code")
                        .asText())
                .isNotBlank();
        nothingWasStored();
    }

    private static Set<String> errorFields(Answer response) {
        Set<String> fields = new TreeSet<>();
        response.json().path("errors").forEach(e -> fields.add(e.path("field").asText()));
        return fields;
    }
}
