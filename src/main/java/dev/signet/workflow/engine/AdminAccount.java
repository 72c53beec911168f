package dev.signet.workflow.engine;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.spring.boot.starter.property.AdminUserProperty;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Makes Cockpit's {@code admin} what the configuration says, on every start, before the server
 * takes a request: the user exists, is in {@code camunda-admin} (which holds every permission), has
 * exactly the configured password, so a changed {@code SIGNET_ADMIN_PASSWORD} replaces the old one,
 * and is unlocked, so no lock from wrong passwords outlives a restart. Camunda's own admin-user
 * configuration only creates the user once and never looks again. Without a configured password
 * (production without {@code SIGNET_ADMIN_PASSWORD}) nothing is created or changed.
 */
@Component
class AdminAccount extends AbstractProcessEnginePlugin {

    private static final Logger log = LoggerFactory.getLogger(AdminAccount.class);

    private final CamundaBpmProperties camunda;

    AdminAccount(CamundaBpmProperties camunda) {
        this.camunda = camunda;
    }

    @Override
    public void postProcessEngineBuild(ProcessEngine engine) {
        AdminUserProperty admin = camunda.getAdminUser();
        if (admin == null || !StringUtils.hasText(admin.getId()) || !StringUtils.hasText(admin.getPassword())) {
            return;
        }
        IdentityService identity = engine.getIdentityService();
        ensureAdminGroup(identity, engine.getAuthorizationService());
        User user = identity.createUserQuery().userId(admin.getId()).singleResult();
        if (user == null) {
            user = identity.newUser(admin.getId());
            user.setFirstName(admin.getFirstName());
            user.setLastName(admin.getLastName());
            user.setEmail(admin.getEmail());
        }
        user.setPassword(admin.getPassword());
        identity.saveUser(user);
        if (identity.createUserQuery()
                        .userId(admin.getId())
                        .memberOfGroup(Groups.CAMUNDA_ADMIN)
                        .count()
                == 0) {
            identity.createMembership(admin.getId(), Groups.CAMUNDA_ADMIN);
        }
        identity.unlockUser(admin.getId());
        log.info("Cockpit user '{}' set from configuration", admin.getId());
    }

    private static void ensureAdminGroup(IdentityService identity, AuthorizationService authorizations) {
        if (identity.createGroupQuery().groupId(Groups.CAMUNDA_ADMIN).count() == 0) {
            Group group = identity.newGroup(Groups.CAMUNDA_ADMIN);
            group.setName("Camunda administrators");
            group.setType(Groups.GROUP_TYPE_SYSTEM);
            identity.saveGroup(group);
        }
        for (Resources resource : Resources.values()) {
            boolean granted = authorizations
                            .createAuthorizationQuery()
                            .groupIdIn(Groups.CAMUNDA_ADMIN)
                            .resourceType(resource)
                            .resourceId(Authorization.ANY)
                            .count()
                    > 0;
            if (!granted) {
                Authorization all = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
                all.setGroupId(Groups.CAMUNDA_ADMIN);
                all.setResource(resource);
                all.setResourceId(Authorization.ANY);
                all.addPermission(Permissions.ALL);
                authorizations.saveAuthorization(all);
            }
        }
    }
}
