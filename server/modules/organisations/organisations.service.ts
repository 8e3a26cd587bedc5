import type { CoreDeps } from "../../platform/deps.js";
import type { UsersService } from "../users/users.service.js";
import { createOrgCredentials } from "./credentials.service.js";
import { createMemberView } from "./member-view.service.js";
import { createOperatorTasks } from "./operator.service.js";
import { createWebhookSecrets } from "./webhook-secret.service.js";

export type { OrgSettings } from "./operator.service.js";

/**
 * The organisations module's one service, made of three parts with separate jobs: the operator's
 * tasks (operator.service.ts), the keys (credentials.service.ts), the members' view and settings
 * (member-view.service.ts) and the webhook signing secret (webhook-secret.service.ts).
 */
export function createOrganisationsService(
  deps: Pick<CoreDeps, "db" | "dialect" | "clock" | "keyring" | "config" | "notifyEvents">,
  users: UsersService,
) {
  return {
    ...createOperatorTasks(deps, users),
    ...createOrgCredentials(deps),
    ...createMemberView(deps),
    ...createWebhookSecrets(deps),
  };
}
export type OrganisationsService = ReturnType<typeof createOrganisationsService>;
