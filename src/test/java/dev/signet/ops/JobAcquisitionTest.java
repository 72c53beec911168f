package dev.signet.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.SignetIntegrationTest;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The job executor finds due jobs by an index on the due date: every job has one, including the
 * asynchronous steps that are due at once, and the index is there beside Camunda's own.
 */
class JobAcquisitionTest extends SignetIntegrationTest {

    @Autowired
    ProcessEngine engine;

    @Test
    void everyJobHasADueDateAndTheAcquisitionIndexExists() {
        ProcessEngineConfigurationImpl configuration =
                (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        assertThat(configuration.isEnsureJobDueDateNotNull()).isTrue();
        assertThat(configuration.isJobExecutorAcquireByDueDate()).isTrue();
        assertThat(jdbc.sql("select indexdef from pg_indexes where tablename = 'act_ru_job' and indexname = ?")
                .param(JobAcquisition.INDEX.toLowerCase()).query(String.class).list())
                .singleElement().asString().containsIgnoringCase("(duedate_)");
        assertThat(jdbc.sql("select indexdef from pg_indexes where tablename = 'act_ru_job' and indexname = ?")
                .param(JobAcquisition.LOCKED_INDEX.toLowerCase()).query(String.class).list())
                .singleElement().asString().containsIgnoringCase("(lock_exp_time_)")
                .containsIgnoringCase("where (lock_owner_ is not null)");

        Instant before = Instant.now().minusSeconds(1);
        UUID envelope = create(newTenant().sandboxKey(), new Options("Due dates")
                .signer("Ada", "ada@example.com", 1).toString());
        List<Job> prepare = processTree(envelope).stream()
                .flatMap(pi -> management.createJobQuery().processInstanceId(pi).list().stream()).toList();
        // The asynchronous "Prepare documents" step: due at once, so it has a due date of now, not none.
        assertThat(prepare).singleElement().satisfies(job -> assertThat(job.getDuedate()).isNotNull()
                .isAfterOrEqualTo(java.util.Date.from(before)).isBeforeOrEqualTo(java.util.Date.from(Instant.now())));
        runJobs(envelope);
        assertThat(status(envelope)).isEqualTo("ACTIVE");
    }
}
