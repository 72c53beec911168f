package dev.signet.portal;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

/** Logging in to the portal in a browser, as a person does: the fields and the button by their names. */
final class PortalLogin {

    private PortalLogin() {}

    /** Opens the login page and logs in; returns once the envelopes are shown. */
    static Page logIn(Page page, String base, String email, String password) {
        page.navigate(base + "/portal/login");
        submit(page, email, password);
        return page;
    }

    /** Logs in on the login page the browser shows now; returns once the envelopes are shown. */
    static void submit(Page page, String email, String password) {
        page.getByLabel("Email address").fill(email);
        page.getByLabel("Password").fill(password);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in"))
                .click();
        page.waitForURL("**/portal/envelopes");
    }
}
