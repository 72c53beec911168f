package dev.signet.tagging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ValidationPatternTest {

    @Test
    void everydayPatternsCompileAndMatchAsJavaScriptsTestWould() {
        assertThat(ValidationPattern.compile("^[A-Z]{2}\\d{6}[A-Z]$", "").test("AB123456C"))
                .isTrue();
        assertThat(ValidationPattern.compile("^[a-z]+$", "i").test("Hello")).isTrue();
        assertThat(ValidationPattern.compile("^\\d{1,900}$", "").test("12345")).isTrue();
        assertThat(ValidationPattern.compile("^.{0,900}$", "s").test("two\nlines"))
                .isTrue();
        assertThat(ValidationPattern.compile("^a$", "m").test("b\na")).isTrue();
        // As in JavaScript, and unlike java.util.regex, $ does not match before a final line feed.
        assertThat(ValidationPattern.compile("^a$", "").test("a\n")).isFalse();
        assertThat(ValidationPattern.compile("\\Q(a)\\E+", "").test("x(a)))")).isTrue();
    }

    @Test
    void backreferencesLookaroundAndOverlongOrOverExpandingPatternsAreRefused() {
        assertThatThrownBy(() -> ValidationPattern.compile("^(a+)+\\1$", "")).hasMessageContaining("RE2");
        assertThatThrownBy(() -> ValidationPattern.compile("(?=a)b", "")).hasMessageContaining("RE2");
        assertThatThrownBy(() -> ValidationPattern.compile("a".repeat(501), "")).hasMessageContaining("500");
        assertThatThrownBy(() -> ValidationPattern.compile("((a{1000}){1000}){1000}", ""))
                .hasMessageContaining("repeats");
        assertThatThrownBy(() -> ValidationPattern.compile("(?:[a-z]*){1000}(?:x{3}){500}", ""))
                .hasMessageContaining("repeats");
        assertThatThrownBy(() -> ValidationPattern.compile("[(]{1000}(a{10}){100}", ""))
                .hasMessageContaining("repeats");
    }

    @Test
    void theEstimateCountsAtomsGroupsAndCountedRepetitions() {
        assertThat(ValidationPattern.expandedSize("abc")).isEqualTo(3);
        assertThat(ValidationPattern.expandedSize("[a-z]{10}")).isEqualTo(11);
        assertThat(ValidationPattern.expandedSize("(ab){10}")).isEqualTo(21);
        assertThat(ValidationPattern.expandedSize("((a){10}){10}")).isEqualTo(111);
        assertThat(ValidationPattern.expandedSize("\\p{Greek}+")).isEqualTo(2);
        assertThat(ValidationPattern.expandedSize("a{,5}")).isEqualTo(5);
    }
}
