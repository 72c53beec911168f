package dev.signet.assurance;

import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/** How assurance's services put a step into the envelope's audit trail: as an {@link AssuranceAudited} event. */
@Component
class AssuranceAudit {

    private final ApplicationEventPublisher events;

    AssuranceAudit(ApplicationEventPublisher events) {
        this.events = events;
    }

    /** Published in the caller's transaction; the envelope's listener appends it before this returns. */
    void record(UUID envelopeId, String type, String actor, Map<String, ?> details) {
        events.publishEvent(new AssuranceAudited(envelopeId, type, actor, details));
    }
}
