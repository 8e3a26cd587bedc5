import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DIALECTS, testPgUrl, testSchemaName } from "../test/harness.js";

const BIN = path.resolve(import.meta.dirname, "..", "..", "bin", "orgdeck.mjs");

for (const dialect of DIALECTS) {
  // Every command is a fresh process (a few seconds each on a busy machine).
  describe(`orgdeck CLI [${dialect}]`, { timeout: 120_000 }, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "orgdeck-cli-"));
    const schema = testSchemaName();
    const env = {
      ...process.env,
      ORGDECK_DATA_DIR: dir,
      DATABASE_URL: dialect === "sqlite" ? `sqlite:${path.join(dir, "cli.db")}` : testPgUrl(schema),
    };
    const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env, encoding: "utf8" });
    const json = (...args: string[]) => {
      const r = run(...args);
      if (r.status !== 0) throw new Error(`${args[0]} failed: ${r.stderr}`);
      return JSON.parse(r.stdout);
    };

    afterAll(() => {
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it("migrates, creates, updates and lists organisations as JSON", () => {
      expect(run("migrate").status).toBe(0);
      const created = json(
        "org:create",
        "--name",
        "Acme Streaming",
        "--admin-email",
        "ops@acme.example",
        "--admin-password",
        "correct horse battery staple",
        "--hash",
        "Acme1",
        "--support-level",
        "premium",
        "--packages",
        "vod,liveProcessing.thumbnail",
        "--trial",
      );
      expect(created.organisation).toMatchObject({
        name: "Acme Streaming",
        hash: "Acme1",
        supportLevel: "premium",
        analyticsLevel: "basic",
        trial: true,
        packages: ["vod", "liveProcessing.thumbnail"],
      });
      expect(created.organisation.apiKey).toMatch(/^odk_/);
      expect(created.organisation.playerKey).toMatch(/^odp_/);
      expect(created.admin).toMatchObject({ email: "ops@acme.example", role: "nanoAdmin" });
      const updated = json("org:update", "--hash", "Acme1", "--no-trial", "--analytics-level", "full");
      expect(updated.organisation).toMatchObject({ trial: false, analyticsLevel: "full" });
      const user = json(
        "user:create",
        "--hash",
        "Acme1",
        "--email",
        "viewer@acme.example",
        "--password",
        "another long passphrase",
        "--role",
        "nanoReadOnly",
      );
      expect(user.user.role).toBe("nanoReadOnly");
      const limited = json("org:update", "--hash", "Acme1", "--limits", "streams=5,roles=3,endpoints=7");
      expect(limited.organisation.limits).toEqual({ streams: 5, members: 1000, invites: 200, roles: 3, endpoints: 7 });
      // Setting one limit keeps the others the operator set before.
      expect(json("org:update", "--hash", "Acme1", "--limits", "members=50").organisation.limits).toEqual({
        streams: 5,
        members: 50,
        invites: 200,
        roles: 3,
        endpoints: 7,
      });
      const list = json("org:list");
      expect(list.organisations.map((o: { hash: string }) => o.hash)).toContain("Acme1");
      expect(list.organisations.find((o: { hash: string }) => o.hash === "Acme1").limits).toMatchObject({
        streams: 5,
        endpoints: 7,
      });
      expect(JSON.stringify(list)).not.toContain(created.organisation.apiKey);
    });

    it("fills a demo organisation whose logins work", async () => {
      const demo = json("demo", "--domain", `${schema.replaceAll("_", "-")}.example`);
      expect(demo.streams).toBeGreaterThanOrEqual(50);
      expect(demo.tags).toBeGreaterThanOrEqual(35);
      expect(demo.logins.map((l: { role: string }) => l.role)).toEqual(["nanoAdmin", "nanoUser", "nanoReadOnly"]);
      const again = json("demo", "--domain", `${schema.replaceAll("_", "-")}.example`);
      expect(again.created).toBe(false);
    });

    it("resets a password: a single-use link without --password, the given password with it", async () => {
      json(
        "user:create",
        "--hash",
        "Acme1",
        "--email",
        "forgetful@acme.example",
        "--password",
        "the one I forgot",
        "--role",
        "nanoUser",
      );
      const link = json("user:reset-password", "--email", "Forgetful@Acme.example").passwordReset;
      expect(link.email).toBe("forgetful@acme.example");
      expect(link.url).toMatch(/\/reset-password\/odr_[0-9A-Za-z]{36}$/);
      expect(Date.parse(link.expiresAt) - Date.now()).toBeGreaterThan(3_500_000);
      const set = json(
        "user:reset-password",
        "--email",
        "forgetful@acme.example",
        "--password",
        "chosen by the operator",
      ).passwordReset;
      expect(set).toEqual({ email: "forgetful@acme.example", passwordSet: true, signedOutSessions: 0 });
      // Setting the password revoked the open link.
      const { openDatabase } = await import("../db/database.js");
      const db = await openDatabase(env.DATABASE_URL);
      try {
        const rows = await db.db.selectFrom("password_resets").select(["used_at", "revoked_at"]).execute();
        expect(rows).toHaveLength(1);
        expect(rows[0]!.revoked_at).not.toBeNull();
      } finally {
        await db.close();
      }
    });

    // Fourteen CLI processes, each loading the whole server through tsx: give a busy machine time.
    it("explains bad input on stderr and exits non-zero", { timeout: 300_000 }, () => {
      const cases: Array<[string[], RegExp]> = [
        [["org:update", "--hash", "Acme1", "--limits", "bananas=3"], /unknown limit "bananas"/],
        [["org:update", "--hash", "Acme1", "--limits", "streams=-1"], /whole number/],
        [["org:create", "--name", "X"], /--admin-email is required/],
        [
          [
            "org:create",
            "--name",
            "X",
            "--admin-email",
            "a@b.example",
            "--admin-password",
            "correct horse battery",
            "--packages",
            "vod,warp",
          ],
          /packages/,
        ],
        [
          [
            "org:create",
            "--name",
            "X",
            "--admin-email",
            "a@b.example",
            "--admin-password",
            "correct horse battery",
            "--support-level",
            "gold",
          ],
          /support level must be one of/,
        ],
        [
          [
            "org:create",
            "--name",
            "Dup",
            "--admin-email",
            "dup@b.example",
            "--admin-password",
            "correct horse battery",
            "--hash",
            "Acme1",
          ],
          /already taken/,
        ],
        [["org:update", "--hash", "zzzzz", "--trial"], /not found/],
        [
          [
            "user:create",
            "--hash",
            "Acme1",
            "--email",
            "x@acme.example",
            "--password",
            "password",
            "--role",
            "nanoUser",
          ],
          /too common/,
        ],
        [
          [
            "user:create",
            "--hash",
            "Acme1",
            "--email",
            "y@acme.example",
            "--password",
            "long enough phrase",
            "--role",
            "wizard",
          ],
          /does not exist/,
        ],
        [["user:reset-password", "--email", "nobody@acme.example"], /no user with the email nobody@acme\.example/],
        [["user:reset-password"], /--email is required/],
        [["user:reset-password", "--email", "viewer@acme.example", "--password", "short"], /at least 8 characters/],
        [["org:list", "--bogus"], /Unknown option/],
        [["frobnicate"], /unknown command/],
      ];
      for (const [args, message] of cases) {
        const r = run(...args);
        expect(r.status, args.join(" ")).not.toBe(0);
        expect(r.stderr).toMatch(message);
        expect(r.stdout).toBe("");
      }
    });
  });
}
