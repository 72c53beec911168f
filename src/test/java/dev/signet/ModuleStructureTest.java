package dev.signet;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The fence around Signet's packages (design/architecture.md, "Rules that keep it sound"): each
 * top-level package under {@code dev.signet} is a module. The build fails on a cycle between
 * modules, on an import of {@code workflow}, or on a use of a class that its module does not list
 * as its public door in {@link #DOORS}.
 */
class ModuleStructureTest {

    private static final String ROOT = "dev.signet";

    /**
     * The classes (top-level names; nested types go with their outer class) that other modules may
     * use, per module. Adding a name here widens a module's door on purpose and shows in review; a
     * module missing from the map may not be used from outside at all.
     */
    static final Map<String, Set<String>> DOORS = Map.ofEntries(
            // Branding and EmbeddingSettings: the organisation's embedding settings, read by the signing pages;
            // the branding rules, one implementation for an envelope's options and the organisation's settings.
            Map.entry(
                    "account",
                    Set.of(
                            "AccountService",
                            "Branding",
                            "Caller",
                            "EmbeddingSettings",
                            "Mode",
                            "SecretBox",
                            "Secrets",
                            "StoredSecrets")),
            // The recipient process (facts, steps) and the signing pages (the OTP service and its outcomes), issue 13;
            // nothing of the code hashing or the table.
            Map.entry(
                    "assurance",
                    Set.of(
                            "AssuranceFacts",
                            "AssuranceStep",
                            "OtpService",
                            "OtpChoices",
                            "OtpRecipient",
                            "OtpSendOutcome",
                            "OtpCheckOutcome",
                            // Identity verification: the service the pages and the recipient process use.
                            "IdvRecipient",
                            "IdvService",
                            "IdvVerdict",
                            // Yoti auth (sign-auth): the service the signing pages use.
                            "YotiShareService")),
            // Issue 12: the document store and its record, and the one pass over a create request's files.
            Map.entry(
                    "document",
                    Set.of(
                            "Document",
                            "DocumentStore",
                            "FileType",
                            // A page as an image, for the signing page's first page (issue 15); PDFBox stays inside.
                            "PageImages",
                            "PdfInspector",
                            "PdfIntake",
                            "PdfLimitExceeded",
                            "SafePdf",
                            "Uploads",
                            "WordConverter")),
            // One service (Envelopes) and the aggregate's published records, statuses and events; its audit
            // trail (AuditTrail, AuditEvent), the aggregate's own history, which assurance records to and the
            // portal reads (moved here from evidence). Assurance sits below envelope since issue 12's crossings:
            // the typed verification.idv option (IdvConfig) and the events the envelope's webhooks carry
            // (IdvEvent) are envelope's; assurance declares its providers (IdentityProviders) and keeps its
            // custom session configurations in the rows envelope's create checks read (CustomIdvConfigs).
            Map.entry(
                    "envelope",
                    Set.of(
                            "Envelopes",
                            "Envelope",
                            "EnvelopeEvents",
                            "EnvelopeStatus",
                            "Recipient",
                            "RecipientType",
                            "AuditTrail",
                            "AuditEvent",
                            "IdvConfig",
                            "IdvEvent",
                            "IdentityProviders",
                            "CustomIdvConfigs")),
            Map.entry("evidence", Set.of("CompletedEnvelope", "CompletionPack", "PackStore")),
            // PhoneNumbers and SmsProperties: an SMS goes to an E.164 number through the provider notification
            // delivers with (moved from assurance in issue 12, so the create path no longer crosses assurance);
            // envelope stores numbers in E.164, assurance routes OTPs by them.
            // WebhookDestinations: the one webhook destination policy, asked by envelope at create and applied by the
            // dispatcher at send (issue 12's review: the two used to disagree).
            // WebhookEndpointService: the organisation's endpoints as the API and the portal's webhook pages both
            // manage
            // them (issue 16, item 5), so the portal keeps no rule of its own; its views carry no secret.
            Map.entry(
                    "notification",
                    Set.of(
                            "Channel",
                            "DeliveryRecorded",
                            // Destinations and PinnedHttp: requests to addresses users chose, resolved once, checked
                            // and sent to the checked address; the webhook dispatcher's, and the portal's OpenID
                            // client's (one implementation, so SSO has no DNS-rebinding window either).
                            "Destinations",
                            "EnvelopeMessage",
                            "MessageAttachments",
                            "Notifications",
                            "PhoneNumbers",
                            "PinnedHttp",
                            "SmsProperties",
                            "SmsSender",
                            "WebhookDestinations",
                            "WebhookEndpointService",
                            "Webhooks")),
            // SignatureVerifier: the portal's verify page gives the report POST /v2/verify gives, from the same
            // verifier (issue 16).
            Map.entry(
                    "signature",
                    Set.of(
                            "FieldLocks",
                            "PadesSigning",
                            "Pki",
                            "Scratch",
                            "SealRequest",
                            "SignatureVerifier",
                            "SignerIdentity",
                            "SignerRequest",
                            "SigningKey")),
            // OtpGate: the workflow answers whether a recipient's process waits for their one-time password.
            // LinkExtensions: extending signing links, for the API's extend-tokens and the portal's action (issue 16).
            Map.entry(
                    "signing",
                    Set.of(
                            "IdvGate",
                            "Invitations",
                            "LinkExtensions",
                            "OtpGate",
                            "ShareGate",
                            "SigningEvents",
                            "SigningLinks")),
            // iText-level helpers (fonts, glyphs, content erasing, widget appearances) stay inside.
            // Issue 12: a signer's values checked against their tags (TagValues, with the conditional
            // FieldRules and the AttachmentValue format) is tag validation, asked by envelope.
            Map.entry(
                    "tagging",
                    Set.of(
                            "AnchorFinder",
                            "AnchorProblem",
                            "AnchorScan",
                            "AttachmentValue",
                            "FieldFiller",
                            "FieldNames",
                            "FieldPlacement",
                            "FieldPlacementException",
                            "FieldRules",
                            "FieldSpec",
                            "Fonts",
                            "Industry",
                            "RoleKey",
                            "SignatureAppearances",
                            "Tag",
                            "TagAttributes",
                            "TagGeometry",
                            "TagType",
                            "TagValues",
                            "ValidationPattern")),
            Map.entry(
                    "web",
                    Set.of(
                            "ApiException",
                            "ErrorBody",
                            "ErrorResponses",
                            "FieldError",
                            "RequestBodyLimit",
                            "SecurityLayer",
                            "SlidingWindowLimit",
                            "TextRules")),
            // Templates (issue 16, item 3): saved, sent and moved by the API and the portal through one service.
            Map.entry("template", Set.of("Templates")),
            // The sender portal (issue 16): pages and their own chain. EnvelopeRoutes: the workflow answers where
            // an envelope's processes stand (the IdvGate pattern: the portal asks, workflow implements).
            Map.entry("portal", Set.of("EnvelopeRoutes")));

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    @Test
    void modulesFormNoCycle() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(MAIN);
    }

    /**
     * ArchUnit's cycle rule fails on the first cycles it finds but may not list them all (on the old
     * tree it named account - web and not envelope - tagging); this names every module that sits in
     * a cycle, with the module edges, so one run shows the whole knot.
     */
    @Test
    void everyModuleCycleIsNamed() {
        Map<String, Set<String>> edges = new TreeMap<>();
        for (JavaClass origin : MAIN) {
            for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                Optional<String> from = module(origin);
                Optional<String> to = module(dependency.getTargetClass().getBaseComponentType());
                if (from.isPresent() && to.isPresent() && !from.equals(to)) {
                    edges.computeIfAbsent(from.get(), k -> new TreeSet<>()).add(to.get());
                }
            }
        }
        Set<String> inCycles = new TreeSet<>();
        for (String module : edges.keySet()) {
            if (reachable(edges, module).contains(module)) {
                inCycles.add(module + " -> " + edges.get(module));
            }
        }
        assertThat(inCycles).as("modules in a cycle, with their edges").isEmpty();
    }

    private static Set<String> reachable(Map<String, Set<String>> edges, String start) {
        Set<String> seen = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(edges.getOrDefault(start, Set.of()));
        while (!todo.isEmpty()) {
            String next = todo.pop();
            if (seen.add(next)) {
                todo.addAll(edges.getOrDefault(next, Set.of()));
            }
        }
        return seen;
    }

    @Test
    void nothingImportsWorkflow() {
        noClasses()
                .that()
                .resideOutsideOfPackage(ROOT + ".workflow..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(ROOT + ".workflow..")
                .because("workflow orchestrates the domain, the domain never knows it is orchestrated")
                .check(MAIN);
    }

    @Test
    void modulesAreUsedOnlyThroughTheirDoors() {
        classes().should(useOtherModulesOnlyThroughTheirDoors()).check(MAIN);
    }

    /** A door nobody outside uses is an open window: it must be closed (made package-private) or gone. */
    @Test
    void everyDoorIsUsedFromOutside() {
        Set<String> used = new TreeSet<>();
        for (JavaClass origin : MAIN) {
            for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                JavaClass target = dependency.getTargetClass().getBaseComponentType();
                Optional<String> to = module(target);
                if (to.isPresent() && !to.equals(module(origin))) {
                    used.add(to.get() + "." + outermost(target).getSimpleName());
                }
            }
        }
        Set<String> listed = new TreeSet<>();
        DOORS.forEach((module, names) -> names.forEach(name -> listed.add(module + "." + name)));
        listed.removeAll(used);
        assertThat(listed)
                .as("classes listed in DOORS that no other module uses")
                .isEmpty();
    }

    private static ArchCondition<JavaClass> useOtherModulesOnlyThroughTheirDoors() {
        return new ArchCondition<>("use other modules only through the classes listed in DOORS") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                Optional<String> from = module(origin);
                for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                    JavaClass target = dependency.getTargetClass().getBaseComponentType();
                    Optional<String> to = module(target);
                    if (to.isPresent()
                            && !to.equals(from)
                            && !DOORS.getOrDefault(to.get(), Set.of())
                                    .contains(outermost(target).getSimpleName())) {
                        events.add(SimpleConditionEvent.violated(
                                dependency,
                                dependency.getDescription() + " -- "
                                        + outermost(target).getName() + " is not in the door of module " + to.get()));
                    }
                }
            }
        };
    }

    /** The top-level package under dev.signet, or empty for the root package and outside classes. */
    private static Optional<String> module(JavaClass javaClass) {
        String pkg = javaClass.getPackageName();
        if (!pkg.startsWith(ROOT + ".")) {
            return Optional.empty();
        }
        String rest = pkg.substring(ROOT.length() + 1);
        int dot = rest.indexOf('.');
        return Optional.of(dot < 0 ? rest : rest.substring(0, dot));
    }

    private static JavaClass outermost(JavaClass javaClass) {
        JavaClass c = javaClass;
        while (c.getEnclosingClass().isPresent()) {
            c = c.getEnclosingClass().get();
        }
        return c;
    }
}
