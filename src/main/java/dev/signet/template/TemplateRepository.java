package dev.signet.template;

import dev.signet.account.Caller;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The templates' two tables; every read is of one organisation and mode. */
@Repository
class TemplateRepository {

    private final JdbcClient jdbc;

    TemplateRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Row(UUID id, String name, String optionsJson, OffsetDateTime createdAt) {}

    record StoredDocument(String fileName, long size, String sha256, byte[] content) {}

    /** A document as listed: without its content. */
    record DocumentFacts(UUID templateId, String fileName, long size, String sha256) {}

    /** The template and its documents, in one transaction. */
    @Transactional
    public void insert(Caller caller, UUID id, String name, String optionsJson, List<StoredDocument> documents) {
        jdbc.sql("""
                        insert into envelope_template (id, organisation_id, mode, name, options_json, created_at)
                        values (?, ?, ?, ?, ?, ?)""")
                .params(
                        id,
                        caller.organisationId(),
                        caller.mode().dbValue(),
                        name,
                        optionsJson,
                        OffsetDateTime.now(ZoneOffset.UTC))
                .update();
        int position = 0;
        for (StoredDocument d : documents) {
            jdbc.sql("""
                            insert into envelope_template_document
                                (template_id, position, file_name, size_bytes, sha256, content)
                            values (?, ?, ?, ?, ?, ?)""")
                    .params(id, position++, d.fileName(), d.size(), d.sha256(), d.content())
                    .update();
        }
    }

    int count(Caller caller) {
        return jdbc.sql("select count(*) from envelope_template where organisation_id = ? and mode = ?")
                .params(caller.organisationId(), caller.mode().dbValue())
                .query(Integer.class)
                .single();
    }

    /** Newest first. */
    List<Row> list(Caller caller, int limit) {
        return jdbc.sql("""
                        select id, name, options_json, created_at from envelope_template
                        where organisation_id = ? and mode = ? order by created_at desc, id limit ?""")
                .params(caller.organisationId(), caller.mode().dbValue(), limit)
                .query(TemplateRepository::row)
                .list();
    }

    Optional<Row> find(Caller caller, UUID id) {
        return jdbc.sql("""
                        select id, name, options_json, created_at from envelope_template
                        where id = ? and organisation_id = ? and mode = ?""")
                .params(id, caller.organisationId(), caller.mode().dbValue())
                .query(TemplateRepository::row)
                .optional();
    }

    /** The documents of the caller's templates, without content, in each template's order. */
    List<DocumentFacts> documentFacts(Caller caller) {
        return jdbc.sql("""
                        select d.template_id, d.file_name, d.size_bytes, d.sha256
                        from envelope_template_document d join envelope_template t on t.id = d.template_id
                        where t.organisation_id = ? and t.mode = ? order by d.template_id, d.position""")
                .params(caller.organisationId(), caller.mode().dbValue())
                .query((rs, n) -> new DocumentFacts(
                        rs.getObject("template_id", UUID.class),
                        rs.getString("file_name"),
                        rs.getLong("size_bytes"),
                        rs.getString("sha256")))
                .list();
    }

    /** One template's documents without their content, in order. */
    List<DocumentFacts> documentFacts(UUID templateId) {
        return jdbc.sql("""
                        select template_id, file_name, size_bytes, sha256 from envelope_template_document
                        where template_id = ? order by position""")
                .param(templateId)
                .query((rs, n) -> new DocumentFacts(
                        rs.getObject("template_id", UUID.class),
                        rs.getString("file_name"),
                        rs.getLong("size_bytes"),
                        rs.getString("sha256")))
                .list();
    }

    /** One template's documents with their content; call after {@link #find} has shown the caller may see it. */
    List<StoredDocument> documents(UUID templateId) {
        return jdbc.sql("""
                        select file_name, size_bytes, sha256, content from envelope_template_document
                        where template_id = ? order by position""")
                .param(templateId)
                .query((rs, n) -> new StoredDocument(
                        rs.getString("file_name"),
                        rs.getLong("size_bytes"),
                        rs.getString("sha256"),
                        rs.getBytes("content")))
                .list();
    }

    boolean delete(Caller caller, UUID id) {
        return jdbc.sql("delete from envelope_template where id = ? and organisation_id = ? and mode = ?")
                        .params(id, caller.organisationId(), caller.mode().dbValue())
                        .update()
                > 0;
    }

    private static Row row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Row(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                rs.getString("options_json"),
                rs.getObject("created_at", OffsetDateTime.class));
    }
}
