package dev.signet.template;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.Api;
import dev.signet.Pdfs;
import java.util.List;

/** A lease template: a tenant (group 1), a landlord (group 2) and an agent in copy, on a two-page lease.pdf. */
public final class TemplateFixtures {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static final byte[] LEASE = Pdfs.pages(2);

    private TemplateFixtures() {}

    public static ObjectNode leaseOptions(String name) {
        ObjectNode root = JSON.createObjectNode().put("name", name);
        root.putObject("emails").putObject("invitation").putObject("body").put("message", "Please sign the lease.");
        ArrayNode recipients = root.putArray("recipients");
        ObjectNode tenant = recipients.addObject().put("role", "Tenant").put("sign_group", 1);
        ArrayNode tenantTags = tenant.putArray("tags");
        tenantTags
                .addObject()
                .put("name", "tenant_sig")
                .put("type", "signature")
                .put("file_name", "lease.pdf")
                .put("page_number", 1)
                .put("x", 0.1)
                .put("y", 0.7);
        tenantTags
                .addObject()
                .put("name", "tenant_phone")
                .put("type", "text_field")
                .put("file_name", "lease.pdf")
                .put("page_number", 1)
                .put("x", 0.1)
                .put("y", 0.8)
                .put("optional", true);
        ObjectNode landlord = recipients.addObject().put("role", "Landlord").put("sign_group", 2);
        landlord.putArray("tags")
                .addObject()
                .put("name", "landlord_sig")
                .put("type", "signature")
                .put("file_name", "lease.pdf")
                .put("page_number", 2)
                .put("x", 0.5)
                .put("y", 0.7);
        recipients.addObject().put("type", "CC").put("role", "Agent");
        return root;
    }

    /** POST /v2/templates with lease.pdf and these options. */
    public static Api.Response save(Api api, String key, String options) {
        return api.multipart(
                "/v2/templates",
                key,
                java.util.Map.of(),
                List.of(Api.Part.file("lease.pdf", LEASE), Api.Part.options(options)));
    }
}
