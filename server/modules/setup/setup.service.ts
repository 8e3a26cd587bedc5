import type { LoginResponse, SetupRequest } from "../../../contract/user.js";
import type { CoreDeps, RequestContext } from "../../platform/deps.js";
import { AppError } from "../../platform/errors.js";
import { digest, makeToken, tokenKind } from "../../platform/tokens.js";
import type { OrganisationsService } from "../organisations/organisations.service.js";
import type { SessionService } from "../users/session.service.js";
import { getSetting, putSetting, takeSetting } from "./setup.repo.js";

const KEY = "setup_token_digest";

/**
 * First run: while no organisation exists, the server prints a one-time link to /setup. Only the
 * digest of its token is stored; using it creates the first organisation and its admin.
 */
export function createSetupService(
  deps: Pick<CoreDeps, "db" | "config">,
  orgs: OrganisationsService,
  session: SessionService,
) {
  const invalid = () =>
    new AppError(
      403,
      "forbidden",
      "This setup link is invalid or has already been used. Restart the server for a new one, or use the orgdeck CLI.",
    );
  return {
    async needed(): Promise<boolean> {
      return (await orgs.countOrganisations()) === 0;
    },

    /** Issues a fresh link when setup is still needed; returns null otherwise. */
    async issueLink(): Promise<string | null> {
      if (!(await this.needed())) return null;
      const token = makeToken("setup");
      await putSetting(deps.db, KEY, digest(token));
      return `${deps.config.publicUrl}/setup#token=${token}`;
    },

    async complete(input: SetupRequest, ctx: RequestContext): Promise<LoginResponse> {
      if (!(await this.needed())) throw new AppError(410, "setup_done", "Setup is already complete. Sign in instead.");
      const stored = await getSetting(deps.db, KEY);
      if (tokenKind(input.token) !== "setup" || !stored || stored !== digest(input.token)) throw invalid();
      if (!(await takeSetting(deps.db, KEY, stored))) throw invalid();
      try {
        await orgs.createOrganisation(
          { name: input.organisationName, admin: { email: input.email, password: input.password } },
          { actor: { kind: "anonymous", label: "setup" }, ip: ctx.ip, requestId: ctx.requestId },
        );
      } catch (err) {
        // Nothing was created: keep the link usable so the admin can correct the form and retry.
        await putSetting(deps.db, KEY, stored);
        throw err;
      }
      return session.login({ email: input.email, password: input.password }, ctx);
    },
  };
}
export type SetupService = ReturnType<typeof createSetupService>;
