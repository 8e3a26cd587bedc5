import { buildServices } from "../server/app.js";
import { loadConfig } from "../server/config.js";
import { openDatabase } from "../server/db/database.js";
import { systemClock } from "../server/platform/clock.js";
import { createKeyring } from "../server/platform/keyring.js";
import { listStreams, tagsOf } from "../server/modules/streams/streams.repo.js";
const url = process.argv[2]!; const org = process.argv[3]!;
const config = loadConfig({ DATABASE_URL: url, ORGDECK_DATA_DIR: "/tmp/sc", LOG_LEVEL: "silent" });
const database = await openDatabase(url);
const services = buildServices({ config, database, keyring: createKeyring(Buffer.from("11".repeat(32), "hex")), clock: systemClock });
const actor = { kind: "apiKey" as const, orgId: org, permissions: new Set<never>(), ip: "", requestId: "" };
async function t(name: string, f: () => Promise<unknown>) { for (let i=0;i<5;i++) await f(); const t0 = performance.now(); for (let i=0;i<50;i++) await f(); console.log(name, ((performance.now()-t0)/50).toFixed(2), "ms"); }
await t("listStreams 51", () => listStreams(database.db, org, { tags: [], limit: 51, offset: 0, after: null }));
await t("listStreams tag t499", () => listStreams(database.db, org, { tags: ["t499"], limit: 51, offset: 0, after: null }));
const { rows } = await listStreams(database.db, org, { tags: [], limit: 51, offset: 0, after: null });
await t("tagsOf 50", () => tagsOf(database.db, org, rows.map(r => r.id)));
await t("service list 50", () => services.streams.list(actor, { limit: 50, offset: 0 } as never));
await t("service list tag", () => services.streams.list(actor, { limit: 50, offset: 0, tag: "t499" } as never));
await database.close();
