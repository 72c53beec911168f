package dev.signet.tagging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The one reader of {@code tag.attributes_json}, and its one policy for text it cannot read. */
class TagAttributesTest {

    @Test
    void whatIsWrittenIsReadBackAndOnlyTheGivenKeysAreWritten() {
        TagAttributes attributes =
                new TagAttributes("ABC", null, true, null, new TagAttributes.Validation("[A-Z]+", null, "i"), null);

        assertThat(attributes.toJson())
                .isEqualTo(
                        "{\"prefilled_value\":\"ABC\",\"readonly\":true,\"validation\":{\"regex\":\"[A-Z]+\",\"flags\":\"i\"}}");
        assertThat(TagAttributes.parse(attributes.toJson())).isEqualTo(attributes);
        assertThat(TagAttributes.parse(attributes.toJson()).readOnly()).isTrue();
    }

    @Test
    void noTextIsNoAttributesAndUnreadableTextIsAFault() {
        assertThat(TagAttributes.parse(null)).isEqualTo(TagAttributes.NONE);
        assertThat(TagAttributes.parse("{}")).isEqualTo(TagAttributes.NONE);
        assertThat(TagAttributes.NONE.readOnly()).isFalse();
        assertThatThrownBy(() -> TagAttributes.parse("{\"readonly\": ")).isInstanceOf(IllegalStateException.class);
    }
}
