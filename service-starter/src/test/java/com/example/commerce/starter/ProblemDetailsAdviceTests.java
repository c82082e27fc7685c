package com.example.commerce.starter;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.example.commerce.testing.TestTokens;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@WebMvcTest(controllers = ProblemDetailsAdviceTests.ProbeController.class)
@TestPropertySource(properties = {"commerce.service.schema=probe", "spring.mvc.problemdetails.enabled=true"})
class ProblemDetailsAdviceTests {

    /** The slice has the starter's security too: a real token from the test issuer. */
    private static final String TOKEN = TestTokens.bearer(TestTokens.client("probe-client"));

    @Autowired
    private MockMvc mvc;

    @Test
    void namesEveryInvalidFieldWithAStableType() throws Exception {
        mvc.perform(post("/probe").header(TestTokens.AUTHORIZATION, TOKEN).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"\",\"quantity\":0}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:commerce:problem:validation-failed"))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.invalidParams[0].name").value("name"))
                .andExpect(jsonPath("$.invalidParams[1].name").value("quantity"));
    }

    @Test
    void namesAMistypedParameterWithTheValidationType() throws Exception {
        mvc.perform(get("/probe/not-a-uuid").header(TestTokens.AUTHORIZATION, TOKEN))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:commerce:problem:validation-failed"))
                .andExpect(jsonPath("$.invalidParams[0].name").value("id"))
                .andExpect(jsonPath("$.invalidParams[0].reason").value("must be a valid UUID"));
    }

    @Test
    void answersMalformedJsonWithAProblem() throws Exception {
        mvc.perform(post("/probe").header(TestTokens.AUTHORIZATION, TOKEN).contentType(MediaType.APPLICATION_JSON)
                        .content("{not json"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:commerce:problem:malformed-request"));
    }

    @Test
    void refusesAFieldTheRequestDoesNotHaveInsteadOfIgnoringIt() throws Exception {
        mvc.perform(post("/probe").header(TestTokens.AUTHORIZATION, TOKEN).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"mug\",\"quantity\":1,\"unitPrice\":1}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:commerce:problem:malformed-request"));
        mvc.perform(post("/probe").header(TestTokens.AUTHORIZATION, TOKEN).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"mug\",\"quantity\":1}"))
                .andExpect(status().isOk());
    }

    @Test
    void answersAWrongMethodWithAProblem() throws Exception {
        mvc.perform(get("/probe").header(TestTokens.AUTHORIZATION, TOKEN))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(jsonPath("$.type").value("urn:commerce:problem:method-not-allowed"));
    }

    @Test
    void hidesTheDetailsOfAnUnexpectedFailure() throws Exception {
        mvc.perform(get("/probe/boom").header(TestTokens.AUTHORIZATION, TOKEN))
                .andExpect(status().isInternalServerError())
                .andExpect(jsonPath("$.type").value("urn:commerce:problem:internal-error"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.not(
                        org.hamcrest.Matchers.containsString("secret"))));
    }

    record ProbeRequest(@NotBlank String name, @Min(1) int quantity) {
    }

    @RestController
    static class ProbeController {

        @PostMapping("/probe")
        ProbeRequest create(@Valid @RequestBody ProbeRequest request) {
            return request;
        }

        @GetMapping("/probe/{id}")
        UUID one(@PathVariable("id") UUID id) {
            return id;
        }

        @GetMapping("/probe/boom")
        String boom() {
            throw new IllegalStateException("secret internals");
        }
    }

    /** The slice picks up the starter's problem handler by itself, as every service's @WebMvcTest does. */
    @SpringBootConfiguration
    @Import(ProbeController.class)
    static class ProbeApplication {
    }
}
