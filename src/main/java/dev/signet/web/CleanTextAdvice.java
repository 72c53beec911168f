package dev.signet.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Type;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Applies {@link TextRules} to every JSON body the API reads, before any controller sees it: a
 * recipient edit, submitted tag values, a decline reason. The create request's {@code options} part
 * is multipart, not a body; its parser applies the same rules.
 */
@ControllerAdvice
class CleanTextAdvice extends RequestBodyAdviceAdapter {

    @Override
    public boolean supports(
            MethodParameter parameter, Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
        return targetType instanceof Class<?> type && JsonNode.class.isAssignableFrom(type);
    }

    @Override
    public Object afterBodyRead(
            Object body,
            HttpInputMessage inputMessage,
            MethodParameter parameter,
            Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        TextRules.requireClean((JsonNode) body);
        return body;
    }
}
