package dev.signet.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.signet.Api;
import dev.signet.SignetIntegrationTest;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.http.HttpRequest;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The API description at /v3/api-docs is valid OpenAPI 3.1 and Swagger UI shows it under the pages'
 * CSP, both reachable without a key through their own chain (issue 14, point 7).
 */
class ApiDocsTest extends SignetIntegrationTest {

    @Test
    void theDescriptionIsValidOpenApi31() {
        Api.Response response = api.get("/v3/api-docs", null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        SwaggerParseResult parsed = new OpenAPIParser().readContents(response.text(), null, null);
        assertThat(parsed.getMessages()).as("parser messages").isEmpty();
        assertThat(parsed.getOpenAPI().getSpecVersion()).isEqualTo(SpecVersion.V31);
        assertThat(parsed.getOpenAPI().getOpenapi()).startsWith("3.1.");
        // Only Signet's v2 API: not Camunda's REST API, the pages or the mailbox.
        assertThat(parsed.getOpenAPI().getPaths().keySet()).isNotEmpty().allMatch(path -> path.startsWith("/v2/"));
    }

    @Test
    void senderRoutesAskForTheBearerKeyAndTheRecipientRoutesForTheirToken() {
        JsonNode docs = api.get("/v3/api-docs", null).json();

        JsonNode scheme = docs.at("/components/securitySchemes/apiKey");
        assertThat(scheme.path("type").asText()).isEqualTo("http");
        assertThat(scheme.path("scheme").asText()).isEqualTo("bearer");
        assertThat(docs.at("/security/0").has("apiKey")).isTrue();
        assertThat(docs.at("/paths/~1v2~1envelopes~1{id}/get").has("security"))
                .as("inherits the key")
                .isFalse();
        JsonNode submit = docs.at("/paths/~1v2~1signing~1{token}~1submit/post");
        assertThat(submit.path("security").isArray() && submit.path("security").isEmpty())
                .as(submit.toString())
                .isTrue();
        assertThat(submit.path("parameters").findValuesAsText("description"))
                .anyMatch(d -> d.contains("signing token"));
        assertThat(docs.at("/paths/~1v2~1ca~1certificates/get/security").isEmpty())
                .isTrue();
        assertThat(docs.toString()).doesNotContain("\"caller\"");
    }

    @Test
    void theCreateRequestIsFilePartsAndAJsonOptionsPart() {
        JsonNode docs = api.get("/v3/api-docs", null).json();

        JsonNode multipart = docs.at("/paths/~1v2~1envelopes/post/requestBody/content/multipart~1form-data");
        assertThat(multipart.at("/encoding/options/contentType").asText()).isEqualTo("application/json");
        JsonNode parts = component(docs, multipart.at("/schema/$ref").asText());
        assertThat(parts.path("required")).extracting(JsonNode::asText).containsExactlyInAnyOrder("file", "options");
        assertThat(parts.at("/properties/file/type").asText()).isEqualTo("array");
        assertThat(parts.at("/properties/file/items/format").asText()).isEqualTo("binary");
        assertThat(component(docs, parts.at("/properties/options/$ref").asText())
                        .path("properties")
                        .has("recipients"))
                .isTrue();
    }

    @Test
    void swaggerUiIsServedUnderThePagesCsp() {
        Api.Response redirect = api.get("/swagger-ui.html", null);
        assertThat(redirect.status()).isEqualTo(302);
        assertThat(redirect.header("Location")).endsWith("/swagger-ui/index.html");

        Api.Response ui = api.get("/swagger-ui/index.html", null);
        assertThat(ui.status()).isEqualTo(200);
        // The pages' policy; styles also allow the one inline style Swagger UI applies, by its hash.
        assertThat(ui.header("Content-Security-Policy"))
                .contains(
                        "default-src 'self'; script-src 'self'; style-src 'self' ",
                        "frame-ancestors 'none'",
                        "object-src 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval");
        assertThat(ui.header("X-Frame-Options")).isEqualTo("DENY");
    }

    @Test
    void anythingElseUnderV3IsStillTheJson404() {
        for (Api.Response response : List.of(
                api.get("/v3/other", null),
                api.get("/v3", null),
                api.send(api.builder("/v3/api-docs", null).POST(HttpRequest.BodyPublishers.noBody())),
                api.send(api.builder("/swagger-ui/index.html", null).DELETE()))) {
            assertThat(response.status()).as(response.toString()).isEqualTo(404);
            assertThat(response.json().path("code").asText()).isEqualTo("NOT_FOUND");
        }
    }

    @Test
    void swaggerUiRendersEveryOperationInChromiumWithoutACspError() {
        List<String> problems = new CopyOnWriteArrayList<>();
        List<String> requests = new CopyOnWriteArrayList<>();
        try (Playwright playwright = Playwright.create();
                Browser browser = playwright
                        .chromium()
                        .launch(new BrowserType.LaunchOptions()
                                .setExecutablePath(Paths.get("/usr/bin/chromium"))
                                .setHeadless(true)
                                .setArgs(List.of("--no-sandbox", "--disable-dev-shm-usage")));
                BrowserContext context = browser.newContext()) {
            Page page = context.newPage();
            page.onConsoleMessage(m -> {
                if ("error".equals(m.type()) || "warning".equals(m.type())) {
                    problems.add(m.type() + ": " + m.text());
                }
            });
            page.onPageError(problems::add);
            page.onRequest(r -> requests.add(r.url()));
            page.navigate("http://localhost:" + port + "/swagger-ui.html");
            page.waitForSelector(".opblock-summary-path");

            assertThat(page.locator(".opblock").count())
                    .as("operations shown")
                    .isEqualTo(api.get("/v3/api-docs", null)
                            .json()
                            .path("paths")
                            .findValues("responses")
                            .size());
        }
        assertThat(problems).as("console errors (a CSP refusal is one)").isEmpty();
        assertThat(requests)
                .allMatch(url -> url.startsWith("http://localhost:" + port + "/") || url.startsWith("data:"));
    }

    private static JsonNode component(JsonNode docs, String ref) {
        assertThat(ref).startsWith("#/components/schemas/");
        return docs.at("/components/schemas/" + ref.substring("#/components/schemas/".length()));
    }
}
