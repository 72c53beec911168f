package dev.signet.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.multipart.MultipartResolver;
import org.springframework.web.multipart.support.StandardServletMultipartResolver;

/**
 * Requests as real Yoti clients send them, which strict servlet defaults would refuse before Signet
 * sees them (issue 14, point 5).
 */
@Configuration(proxyBeanMethods = false)
class RequestShapes {

    /** Methods whose requests carry no body Signet reads; a multipart Content-Type on them is noise. */
    private static final Set<String> BODILESS = Set.of("GET", "HEAD", "DELETE", "OPTIONS");

    /**
     * Some client libraries put {@code Content-Type: multipart/form-data} on every call, GETs
     * included, with no body and no boundary. Parsing that as multipart fails (400); a GET's body is
     * never read, so only requests that may carry one are parsed as multipart.
     */
    @Bean
    MultipartResolver multipartResolver() {
        return new StandardServletMultipartResolver() {
            @Override
            public boolean isMultipart(HttpServletRequest request) {
                return !BODILESS.contains(request.getMethod()) && super.isMultipart(request);
            }
        };
    }

    /**
     * Yoti's documents print the search filter as {@code status[]=ACTIVE}, brackets unencoded, and
     * clients copy it. Tomcat refuses such a query with its own HTML 400 before Signet can answer;
     * brackets are let through so the query reaches the controller and gets Signet's answer.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> bracketsInQueries() {
        return factory ->
                factory.addConnectorCustomizers(connector -> connector.setProperty("relaxedQueryChars", "[]"));
    }
}
