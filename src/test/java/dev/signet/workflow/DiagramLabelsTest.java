package dev.signet.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Activity;
import org.camunda.bpm.model.bpmn.instance.Event;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Gateway;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.camunda.bpm.model.bpmn.instance.dc.Bounds;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What Cockpit draws stays readable: no event's name is written over a task or a gateway. An event
 * whose diagram gives no label bounds gets its name where bpmn-js (Cockpit's renderer) puts it by
 * default, centred under the event; plain Java on the model files.
 */
class DiagramLabelsTest {

    /** bpmn-js's default external label: 90 wide, 5 below the element; one line is about 14 high. */
    private static final double DEFAULT_WIDTH = 90;

    private static final double DEFAULT_GAP = 5;
    private static final double LINE = 14;

    record Box(String id, double x, double y, double width, double height) {
        boolean overlaps(Box other) {
            return x < other.x + other.width
                    && other.x < x + width
                    && y < other.y + other.height
                    && other.y < y + height;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"recipient.bpmn", "envelope.bpmn"})
    void noEventLabelCoversATaskOrAGateway(String file) {
        BpmnModelInstance model = Bpmn.readModelFromFile(Path.of("bpmn", file).toFile());
        List<Box> nodes = new ArrayList<>();
        List<Box> labels = new ArrayList<>();
        for (BpmnShape shape : model.getModelElementsByType(BpmnShape.class)) {
            if (!(shape.getBpmnElement() instanceof FlowNode node)) {
                continue;
            }
            Bounds b = shape.getBounds();
            if (node instanceof SubProcess) {
                continue; // a frame around its own elements, whose labels are meant to be inside it
            }
            if (node instanceof Activity || node instanceof Gateway) {
                nodes.add(new Box(node.getId(), b.getX(), b.getY(), b.getWidth(), b.getHeight()));
            } else if (node instanceof Event
                    && node.getName() != null
                    && !node.getName().isBlank()) {
                labels.add(
                        shape.getBpmnLabel() != null && shape.getBpmnLabel().getBounds() != null
                                ? box(node.getId(), shape.getBpmnLabel().getBounds())
                                : new Box(
                                        node.getId(),
                                        b.getX() + b.getWidth() / 2 - DEFAULT_WIDTH / 2,
                                        b.getY() + b.getHeight() + DEFAULT_GAP,
                                        DEFAULT_WIDTH,
                                        LINE * Math.ceil(node.getName().length() * 7.0 / DEFAULT_WIDTH)));
            }
        }
        assertThat(labels).isNotEmpty();
        for (Box label : labels) {
            assertThat(nodes).as("%s: the label of %s", file, label.id()).noneMatch(label::overlaps);
        }
    }

    private static Box box(String id, Bounds b) {
        return new Box(id, b.getX(), b.getY(), b.getWidth(), b.getHeight());
    }
}
