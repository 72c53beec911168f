package dev.signet.notification;

import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders an email from its Thymeleaf templates ({@code mail/<kind>.html} and {@code mail/<kind>.txt})
 * and its subject from the {@code mail} message bundle, so wording changes need no Java change.
 */
@Component
class MailComposer {

    record Composed(String subject, String text, String html) {}

    private final TemplateEngine html = engine(TemplateMode.HTML, ".html");
    private final TemplateEngine text = engine(TemplateMode.TEXT, ".txt");
    private final MessageSource messages;

    MailComposer(MessageSource messages) {
        this.messages = messages;
    }

    Composed compose(String kind, Map<String, Object> model, Object[] subjectArgs, Locale locale) {
        String template = kind.toLowerCase(Locale.ROOT);
        String subject = messages.getMessage("mail." + template + ".subject", subjectArgs, locale);
        // The HTML's <title>, which clients show for the message opened on its own.
        Context context = new Context(locale, model);
        context.setVariable("subject", subject);
        return new Composed(subject, text.process(template, context), html.process(template, context));
    }

    private static TemplateEngine engine(TemplateMode mode, String suffix) {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("templates/mail/");
        resolver.setSuffix(suffix);
        resolver.setTemplateMode(mode);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        // SpringTemplateEngine evaluates expressions with SpEL; the plain engine would need OGNL.
        SpringTemplateEngine engine = new SpringTemplateEngine();
        engine.setTemplateResolver(resolver);
        return engine;
    }
}
