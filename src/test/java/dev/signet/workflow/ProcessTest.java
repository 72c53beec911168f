package dev.signet.workflow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.SignetIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Process tests: the real service and engine, envelopes made through the API, and the models
 * asserted with camunda-bpm-assert. Time moves only when a test moves the engine clock.
 */
abstract class ProcessTest extends SignetIntegrationTest {

    @Autowired
    ProcessEngine engine;

    @BeforeEach
    void initAssertions() {
        BpmnAwareTests.init(engine);
    }

    @AfterEach
    void resetEngineClock() {
        ClockUtil.reset();
    }

    /** The envelope's process while it runs; keep it to assert on it after it ended. */
    ProcessInstance envelopeProcess(UUID envelopeId) {
        return runtime.createProcessInstanceQuery()
                .processDefinitionKey(Processes.Envelope.KEY)
                .processInstanceBusinessKey(envelopeId.toString())
                .singleResult();
    }

    /** The recipient's running process, or null when there is none. */
    ProcessInstance recipientProcess(UUID recipientId) {
        return runtime.createProcessInstanceQuery()
                .processDefinitionKey(Processes.Recipient.KEY)
                .processInstanceBusinessKey(recipientId.toString())
                .singleResult();
    }

    long recipientProcessCount(UUID recipientId) {
        return runtime.createProcessInstanceQuery()
                .processDefinitionKey(Processes.Recipient.KEY)
                .processInstanceBusinessKey(recipientId.toString())
                .count();
    }

    UUID recipientId(UUID envelopeId, String email) {
        return jdbc.sql("select id from recipient where envelope_id = ? and email = ?")
                .params(envelopeId, email)
                .query(UUID.class)
                .single();
    }

    /** Moves the engine clock (timers, job due dates) to {@code from + by}; wall time stays where it is. */
    static Instant moveEngineClock(Instant from, Duration by) {
        Instant to = from.plus(by);
        ClockUtil.setCurrentTime(Date.from(to));
        return to;
    }

    static Instant engineNow() {
        return ClockUtil.getCurrentTime().toInstant();
    }

    List<Job> jobsAt(ProcessInstance process, String activityId) {
        return management
                .createJobQuery()
                .processInstanceId(process.getId())
                .activityId(activityId)
                .list();
    }

    List<Message> outboxTo(UUID envelopeId, String kind, String address) {
        return outbox(envelopeId, kind).stream()
                .filter(m -> m.address().equals(address))
                .toList();
    }

    /** Changes the JSON of the recipient at {@code index} (in the order the options name them). */
    static Options withRecipient(Options options, int index, Consumer<ObjectNode> change) {
        change.accept((ObjectNode) options.json().get("recipients").get(index));
        return options;
    }

    /** Changes the JSON of the first tag of the recipient at {@code index}. */
    static Options withFirstTag(Options options, int index, Consumer<ObjectNode> change) {
        return withRecipient(
                options, index, r -> change.accept((ObjectNode) r.get("tags").get(0)));
    }
}
