package dev.signet.workflow;

import dev.signet.envelope.Envelopes;
import dev.signet.envelope.Recipient;
import dev.signet.signing.ShareGate;
import dev.signet.signing.SigningEvents.YotiSharePassed;
import dev.signet.workflow.Processes.Vars;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The recipient model's "Share with Yoti" step (Yoti auth, the table's step yoti_auth): the gate the
 * signing pages ask, and the share that passed, which moves the process on to Sign in the check's
 * own transaction (as a right one-time password does).
 */
@Component
class YotiShareDelegates implements ShareGate {

    private final RuntimeService runtime;
    private final TaskService tasks;
    private final Envelopes envelopes;

    YotiShareDelegates(RuntimeService runtime, TaskService tasks, Envelopes envelopes) {
        this.runtime = runtime;
        this.tasks = tasks;
        this.envelopes = envelopes;
    }

    /** From the decision until a share passed (yotiSharePending), wherever the process waits meanwhile. */
    @Override
    public boolean pending(UUID recipientId) {
        return runtime.createProcessInstanceQuery()
                        .processInstanceBusinessKey(recipientId.toString())
                        .processDefinitionKey(Processes.Recipient.KEY)
                        .variableValueEquals(Vars.YOTI_SHARE_PENDING, true)
                        .count()
                > 0;
    }

    @Override
    public boolean waiting(UUID recipientId) {
        return !shareTasks(recipientId).isEmpty();
    }

    @EventListener
    void on(YotiSharePassed event) {
        List<Task> share = shareTasks(event.recipientId());
        if (share.size() != 1) {
            throw new IllegalStateException("Recipient " + event.recipientId() + " is not waiting for a Yoti share");
        }
        tasks.complete(share.get(0).getId(), Map.of(Vars.YOTI_SHARE_PENDING, false));
        envelopes.checkSettled(event.recipientId(), Recipient.Check.YOTI_AUTH);
    }

    private List<Task> shareTasks(UUID recipientId) {
        return tasks.createTaskQuery()
                .processInstanceBusinessKey(recipientId.toString())
                .processDefinitionKey(Processes.Recipient.KEY)
                .taskDefinitionKey(Processes.Recipient.SHARE_YOTI)
                .list();
    }
}
