package dev.signet.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.Message;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.junit.jupiter.api.Test;

/**
 * Every constant in {@link Processes} names something in its model. Without this, an assertion
 * such as {@code hasNotPassed(SOME_ID)} would pass for an id that was renamed in the model.
 */
class ProcessesContractTest {

    @Test
    void everyElementIdAndMessageNameInProcessesExistsInItsModel() throws IllegalAccessException {
        List<String> missing = new ArrayList<>();
        missing.addAll(unknown(Processes.Envelope.class, Bpmn.readModelFromFile(new File("bpmn/envelope.bpmn"))));
        missing.addAll(unknown(Processes.Recipient.class, Bpmn.readModelFromFile(new File("bpmn/recipient.bpmn"))));
        assertThat(missing).isEmpty();
    }

    private static List<String> unknown(Class<?> constants, BpmnModelInstance model) throws IllegalAccessException {
        List<String> processIds = model.getModelElementsByType(Process.class).stream()
                .map(Process::getId)
                .toList();
        List<String> elementIds = model.getModelElementsByType(FlowElement.class).stream()
                .map(FlowElement::getId)
                .toList();
        List<String> messageNames = model.getModelElementsByType(Message.class).stream()
                .map(Message::getName)
                .toList();
        List<String> unknown = new ArrayList<>();
        for (Field field : constants.getFields()) {
            if (!Modifier.isStatic(field.getModifiers()) || field.getType() != String.class) {
                continue;
            }
            String value = (String) field.get(null);
            List<String> known = field.getName().equals("KEY")
                    ? processIds
                    : field.getName().startsWith("MESSAGE_") ? messageNames : elementIds;
            if (!known.contains(value)) {
                unknown.add(constants.getSimpleName() + "." + field.getName() + " = " + value);
            }
        }
        return unknown;
    }
}
