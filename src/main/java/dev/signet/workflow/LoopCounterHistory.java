package dev.signet.workflow;

import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.handler.DbHistoryEventHandler;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.springframework.stereotype.Component;

/**
 * History keeps every variable the models and delegates set (envelopeId, recipientId, signGroup,
 * reminderDays, remindersSent, ...), but not the counters the engine keeps for itself on every
 * multi-instance: {@code nrOfInstances}, {@code nrOfActiveInstances}, {@code nrOfCompletedInstances}
 * and {@code loopCounter}.
 *
 * <p>Why: they say nothing an operator or auditor reads (the activity history already shows every
 * group and signer that ran), yet an envelope's two multi-instances (sign groups, signers) wrote 9
 * of its 25 history variable rows and updated them again as each signer finished. They stay
 * ordinary runtime variables: the engine and Cockpit's running view see them as before. Variables
 * are filtered by those four names only, in create, update and delete alike, so a row is never
 * updated that was not written. The same holds for a recipient process's {@link #COCKPIT_ONLY}
 * numbers, filtered by process and name.
 */
@Component
class LoopCounterHistory extends AbstractProcessEnginePlugin {

    static final Set<String> ENGINE_COUNTERS =
            Set.of("nrOfInstances", "nrOfActiveInstances", "nrOfCompletedInstances", "loopCounter");

    /**
     * A recipient process's group and place in it, which no step reads: they name the signer in
     * Cockpit's running view (which is all Cockpit shows of a process), and history already has the
     * group in the envelope process. Only the recipient's are left out; the envelope's signGroup stays.
     */
    static final Set<String> COCKPIT_ONLY = Set.of(Processes.Vars.SIGN_GROUP, Processes.Vars.SIGNER_NUMBER);

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        if (configuration.getHistoryEventHandler() == null) {
            configuration.setHistoryEventHandler(new Filter(new DbHistoryEventHandler()));
        }
    }

    static final class Filter implements HistoryEventHandler {

        private final HistoryEventHandler database;

        Filter(HistoryEventHandler database) {
            this.database = database;
        }

        @Override
        public void handleEvent(HistoryEvent event) {
            if (event instanceof HistoricVariableUpdateEventEntity variable
                    && (ENGINE_COUNTERS.contains(variable.getVariableName())
                            || Processes.Recipient.KEY.equals(variable.getProcessDefinitionKey())
                                    && COCKPIT_ONLY.contains(variable.getVariableName()))) {
                return;
            }
            database.handleEvent(event);
        }

        @Override
        public void handleEvents(List<HistoryEvent> events) {
            events.forEach(this::handleEvent);
        }
    }
}
