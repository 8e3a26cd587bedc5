/**
 * What the dashboard's files weigh on the wire. Each file of the Overview's first load (the set
 * `bench/first-load.ts` measures) and every script and stylesheet of the dashboard is requested from the
 * server's own static serving (`server/platform/dashboard.ts`, precompressed files chosen by
 * Accept-Encoding) as Chromium asks for it, as a gzip-only client and uncompressed; the bytes of each
 * body sent are added up.
 *
 *   node --import tsx bench/transfer.ts   (builds the dashboard first when it is stale; writes bench/README.md's "transfer" section)
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Fastify from "fastify";
import { registerDashboard } from "../server/platform/dashboard.js";
import { measureFirstLoad } from "./first-load.js";
import { stamp, writeReadmeSection } from "./lib.js";

const root = path.resolve(import.meta.dirname, "..");
const dist = path.join(root, "web", "dist");
const CHROMIUM = "gzip, deflate, br, zstd";

const r = spawnSync(process.execPath, [path.join(root, "scripts", "ensure-build.mjs"), "--web"], { stdio: "inherit" });
if (r.status !== 0) process.exit(r.status ?? 1);

const app = Fastify({ logger: false });
await registerDashboard(app, dist);
await app.ready();

interface Sent {
  bytes: number;
  encodings: Set<string>;
}

async function fetchAll(files: string[], acceptEncoding: string): Promise<Sent> {
  const sent: Sent = { bytes: 0, encodings: new Set() };
  for (const file of files) {
    const res = await app.inject({ method: "GET", url: `/${file}`, headers: { "accept-encoding": acceptEncoding } });
    if (res.statusCode !== 200) throw new Error(`GET /${file}: ${res.statusCode}`);
    sent.bytes += res.rawPayload.length;
    sent.encodings.add(String(res.headers["content-encoding"] ?? "identity"));
  }
  return sent;
}

const firstLoad = ["index.html", ...measureFirstLoad().files.map((f) => f.file)];
const everything = fs
  .readdirSync(path.join(dist, "assets"))
  .filter((f) => /\.(js|css)$/.test(f))
  .map((f) => `assets/${f}`);

const rows: Array<{ what: string; files: number; raw: Sent; gzip: Sent; browser: Sent }> = [];
for (const [what, files] of [
  ["Overview first load (`index.html` + its scripts)", firstLoad],
  ["Every script and stylesheet of the dashboard", everything],
] as const) {
  rows.push({
    what,
    files: files.length,
    raw: await fetchAll(files, "identity"),
    gzip: await fetchAll(files, "gzip"),
    browser: await fetchAll(files, CHROMIUM),
  });
}
await app.close();

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const enc = (s: Sent) => [...s.encodings].sort().join(", ");
for (const row of rows)
  console.log(
    `${row.what}: ${kb(row.raw.bytes)} uncompressed, ${kb(row.gzip.bytes)} gzip, ${kb(row.browser.bytes)} as Chromium gets it (${enc(row.browser)})`,
  );

writeReadmeSection(
  "transfer",
  `### Dashboard bytes on the wire

_${stamp()} · \`node --import tsx bench/transfer.ts\` · the server's static serving, from the production build_

Bytes of the bodies the server sends for the dashboard's files, by the request's \`Accept-Encoding\`: the build writes
a brotli (quality 11) and a gzip (level 9) copy beside every file and the server picks one (\`Vary: accept-encoding\`).
Chromium asks \`${CHROMIUM}\`. API answers of 1 KiB and more are compressed when sent (brotli quality 4, else gzip).

| files | count | uncompressed | gzip-only client | Chromium (${enc(rows[0]!.browser)}) |
|---|---|---|---|---|
${rows.map((row) => `| ${row.what} | ${row.files} | ${kb(row.raw.bytes)} | ${kb(row.gzip.bytes)} | ${kb(row.browser.bytes)} |`).join("\n")}

Before precompression the server sent every file as it is (the first column; issue 23 measured 453.6 KB for the Overview).`,
);
