package dev.signet.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.SignetIntegrationTest;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.CommandExecutor;
import org.camunda.bpm.engine.impl.persistence.entity.PropertyEntity;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The engine writes through Signet's entity manager, which still refuses an id Camunda refuses,
 * with Camunda's message, and still inserts a row whose id is fine.
 */
class EntityIdCheckTest extends SignetIntegrationTest {

    @Autowired
    ProcessEngine engine;

    private CommandExecutor commands() {
        return ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getCommandExecutorTxRequired();
    }

    @Test
    void theEngineUsesTheCheckingEntityManager() {
        Class<?> manager = commands().execute(context -> context.getDbEntityManager().getClass());
        assertThat(manager).isEqualTo(EntityIdCheck.CheckingEntityManager.class);
    }

    @Test
    void theReservedIdIsStillRefusedWithCamundasMessage() {
        assertThatThrownBy(() -> commands().execute(context -> {
            context.getDbEntityManager().insert(new PropertyEntity("*", "a property named like the wildcard"));
            return null;
        })).isInstanceOf(ProcessEngineException.class).hasMessageContaining("id cannot be *");
        assertThat(jdbc.sql("select count(*) from act_ge_property where name_ = '*'").query(Integer.class).single())
                .isZero();
    }

    @Test
    void aRowWithAGoodIdIsInserted() {
        String name = "signet.entity-id-check." + System.nanoTime();
        commands().execute(context -> {
            context.getDbEntityManager().insert(new PropertyEntity(name, "kept"));
            return null;
        });
        assertThat(jdbc.sql("select value_ from act_ge_property where name_ = ?").param(name).query(String.class).single())
                .isEqualTo("kept");
        commands().execute(context -> {
            context.getDbEntityManager().delete(context.getPropertyManager().findPropertyById(name));
            return null;
        });
    }
}
