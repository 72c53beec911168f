package dev.signet.signing;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;

/** The signing pages' languages and assets. */
@Configuration(proxyBeanMethods = false)
class PageConfiguration implements WebMvcConfigurer {

    /** The languages the pages are translated into; the first is the fallback. */
    static final List<Locale> LANGUAGES = List.of(Locale.ENGLISH, Locale.GERMAN);

    /** The fonts are served to the page from the same files the PDF side embeds (DancingScript for typed signatures). */
    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/signing/fonts/*.ttf").addResourceLocations("classpath:/fonts/");
    }

    /** Cache headers for the pages' assets, see {@link AssetCaching}. */
    @Bean
    FilterRegistrationBean<AssetCaching> assetCaching() {
        FilterRegistrationBean<AssetCaching> registration = new FilterRegistrationBean<>(new AssetCaching());
        registration.addUrlPatterns("/signing/*", "/webjars/*", "/favicon.ico", "/favicon.svg");
        return registration;
    }

    /**
     * In place of Spring Boot's own registration of the same filter (same dispatches), which it leaves
     * out when one is declared: see {@link VersionedLinks} for what is different.
     */
    @Bean
    FilterRegistrationBean<ResourceUrlEncodingFilter> versionedLinks() {
        FilterRegistrationBean<ResourceUrlEncodingFilter> registration =
                new FilterRegistrationBean<>(new VersionedLinks());
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR);
        return registration;
    }

    /** {@code ?lang=de} wins, then the browser's Accept-Language; no cookie or session is kept. */
    @Bean
    LocaleResolver localeResolver() {
        return new LocaleResolver() {
            @Override
            public Locale resolveLocale(HttpServletRequest request) {
                Locale asked = supported(request.getParameter("lang"));
                if (asked != null) {
                    return asked;
                }
                for (Locale accepted : Collections.list(request.getLocales())) {
                    Locale match = supported(accepted.getLanguage());
                    if (match != null) {
                        return match;
                    }
                }
                return LANGUAGES.get(0);
            }

            @Override
            public void setLocale(HttpServletRequest request, HttpServletResponse response, Locale locale) {
                throw new UnsupportedOperationException("The language is chosen per request with ?lang=");
            }
        };
    }

    static Locale supported(String language) {
        return language == null
                ? null
                : LANGUAGES.stream()
                        .filter(l -> l.getLanguage().equalsIgnoreCase(language))
                        .findFirst()
                        .orElse(null);
    }

    /** Where pdf.js is served: /webjars/pdfjs-dist/{version}/build/, the version read from the WebJar. */
    @Bean
    PdfJs pdfJs() {
        try (InputStream in = PageConfiguration.class.getResourceAsStream(
                "/META-INF/maven/org.webjars.npm/pdfjs-dist/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("The pdf.js WebJar is missing from the classpath");
            }
            Properties p = new Properties();
            p.load(in);
            return new PdfJs("/webjars/pdfjs-dist/" + p.getProperty("version") + "/build/");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record PdfJs(String base) {}
}
