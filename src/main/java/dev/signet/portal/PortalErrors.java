package dev.signet.portal;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.ui.ExtendedModelMap;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/**
 * A denial raised inside a portal controller (a role changed since the chain looked, or any other
 * Spring Security refusal) is the portal's 403 page, as the chain's own denials are; without this the
 * API's catch-all advice would answer it as a 500. Ordered first, and only for the portal's controllers.
 */
@ControllerAdvice(basePackageClasses = PortalErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class PortalErrors {

    @ExceptionHandler({AccessDeniedException.class, AuthenticationException.class})
    ModelAndView denied() {
        ExtendedModelMap model = new ExtendedModelMap();
        Pages.language(model);
        return new ModelAndView("portal/denied", model, HttpStatus.FORBIDDEN);
    }
}
