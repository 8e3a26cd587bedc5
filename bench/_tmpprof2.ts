import { openDatabase } from "../server/db/database.js";
import { listStreams, tagsOf } from "../server/modules/streams/streams.repo.js";
const url = process.argv[2]!; const org = process.argv[3]!;
const database = await openDatabase(url);
async function t(name: string, f: () => Promise<unknown>) { for (let i=0;i<20;i++) await f(); const t0 = performance.now(); for (let i=0;i<200;i++) await f(); console.log(name, ((performance.now()-t0)/200).toFixed(3), "ms"); }
await t("plain", () => listStreams(database.db, org, { tags: [], limit: 51, offset: 0, after: null }));
await t("tag t0", () => listStreams(database.db, org, { tags: ["t0"], limit: 51, offset: 0, after: null }));
await t("tag t0 ended", () => listStreams(database.db, org, { tags: ["t0"], state: "ended", limit: 51, offset: 0, after: null }));
const { rows } = await listStreams(database.db, org, { tags: [], limit: 51, offset: 0, after: null });
await t("tagsOf 50", () => tagsOf(database.db, org, rows.map(r => r.id)));
await database.close();
