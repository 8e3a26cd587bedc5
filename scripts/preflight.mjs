// Before any test runs: what the machine lacks, in one line with the exact command that installs it.
import fs from "node:fs";
import path from "node:path";
import { pgBinDir } from "./test-postgres.mjs";

const onPath = (cmd) =>
  (process.env.PATH ?? "").split(path.delimiter).some((dir) => dir && fs.existsSync(path.join(dir, cmd)));

/** Each need: what is checked, how it is named, and the Debian package that brings it. */
const NEEDS = {
  chromium: [
    {
      ok: () => fs.existsSync(process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"),
      name: "Chromium (/usr/bin/chromium)",
      pkg: "chromium",
    },
  ],
  fonts: [
    {
      ok: () => fs.existsSync("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
      name: "the DejaVu fonts",
      pkg: "fonts-dejavu-core",
    },
  ],
  nginx: [
    { ok: () => onPath("nginx") || fs.existsSync("/usr/sbin/nginx"), name: "nginx", pkg: "nginx" },
    {
      ok: () => fs.existsSync("/usr/lib/nginx/modules/ngx_rtmp_module.so"),
      name: "nginx's RTMP module",
      pkg: "libnginx-mod-rtmp",
    },
  ],
  ffmpeg: [{ ok: () => onPath("ffmpeg") && onPath("ffprobe"), name: "ffmpeg", pkg: "ffmpeg" }],
  postgres: [
    {
      ok: () => pgBinDir() !== null,
      name: "the PostgreSQL server binaries (/usr/lib/postgresql/*/bin)",
      pkg: "postgresql",
    },
  ],
};

/**
 * Checks `needs` (keys of NEEDS). Returns null when all is there, else the one line to print:
 * `missing: A, B — install with: apt-get install -y a b`.
 */
export function missingLine(needs) {
  const missing = needs.flatMap((n) => NEEDS[n]).filter((check) => !check.ok());
  if (missing.length === 0) return null;
  return `missing: ${missing.map((m) => m.name).join(", ")} — install with: apt-get install -y ${[...new Set(missing.map((m) => m.pkg))].join(" ")}`;
}

/** Prints the line and exits 1 when something is missing; the tests would only fail later, less clearly. */
export function preflight(needs) {
  const line = missingLine(needs);
  if (line === null) return;
  console.error(line);
  process.exit(1);
}

// `node scripts/preflight.mjs [chromium fonts nginx ffmpeg postgres]` checks by hand (all by default).
if (import.meta.url === `file://${process.argv[1]}`)
  preflight(process.argv.length > 2 ? process.argv.slice(2) : Object.keys(NEEDS));
