package dev.signet.workflow.engine;

import dev.signet.SignetProperties;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Names the jobs this node holds. With several nodes on one database, {@code ACT_RU_JOB.LOCK_OWNER_}
 * (and Cockpit) then says which node took a job, so an operator can tell that the jobs waiting for
 * their lock to expire belong to a node that died. Camunda's own owner is an anonymous UUID; the
 * name keeps a random part, so a restarted node never shares an owner with its earlier life.
 */
@Component
class JobLockOwner extends AbstractProcessEnginePlugin {

    private final SignetProperties properties;

    JobLockOwner(SignetProperties properties) {
        this.properties = properties;
    }

    @Override
    public void postProcessEngineBuild(ProcessEngine engine) {
        String name = properties.nodeName();
        JobExecutor executor =
                ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getJobExecutor();
        if (StringUtils.hasText(name) && executor != null) {
            executor.setLockOwner(name + "/" + UUID.randomUUID());
        }
    }
}
