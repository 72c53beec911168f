package dev.signet.web;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A denial raised after the door (inside a controller or a secured method) is the API's 403 error
 * body: before, the catch-all answered it with a 500 and logged it as an unexpected failure.
 */
class ApiDenialsTest {

    @RestController
    static class Denying {
        @GetMapping("/v2/denied")
        String denied() {
            throw new AccessDeniedException("internal reason that must not leak");
        }

        @GetMapping("/v2/broken")
        String broken() {
            throw new IllegalStateException("internal detail");
        }
    }

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new Denying())
            .setControllerAdvice(new ApiExceptionHandler())
            .build();

    @Test
    void aDenialInsideAControllerIsA403WithTheErrorBody() throws Exception {
        mvc.perform(get("/v2/denied"))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.code").value("FORBIDDEN"))
                .andExpect(jsonPath("$.message").value("This key or account may not do this"));
    }

    @Test
    void anythingElseUnexpectedIsStillA500WithoutItsDetail() throws Exception {
        mvc.perform(get("/v2/broken"))
                .andExpect(status().isInternalServerError())
                .andExpect(jsonPath("$.code").value("INTERNAL_ERROR"))
                .andExpect(jsonPath("$.message").value("Something went wrong on our side; please try again"));
    }
}
