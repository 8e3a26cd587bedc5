import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import type { Plugin } from "vite";

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** Text files worth compressing; images and fonts of the dashboard are compressed already. */
const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|txt|map|webmanifest)$/;
/** Below this a compressed copy saves less than its own headers. */
const MIN_BYTES = 256;

/**
 * Writes `<file>.br` (brotli, highest quality: it is done once, at build time) and `<file>.gz` beside
 * every compressible file of the build, where they are smaller. The server (platform/dashboard.ts)
 * serves them by Accept-Encoding.
 */
export async function precompress(dir: string): Promise<{ files: number }> {
  let files = 0;
  const walk = async (d: string): Promise<void> => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        await walk(p);
        continue;
      }
      if (!COMPRESSIBLE.test(e.name)) continue;
      const raw = fs.readFileSync(p);
      if (raw.length < MIN_BYTES) continue;
      const [b, g] = await Promise.all([
        brotli(raw, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
            [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
          },
        }),
        gz(raw, { level: constants.Z_BEST_COMPRESSION }),
      ]);
      if (b.length < raw.length) fs.writeFileSync(`${p}.br`, b);
      if (g.length < raw.length) fs.writeFileSync(`${p}.gz`, g);
      files++;
    }
  };
  await walk(dir);
  return { files };
}

/** The Vite plugin: precompresses the output folder once the bundle is written. */
export function precompressPlugin(): Plugin {
  let outDir = "";
  return {
    name: "orgdeck-precompress",
    apply: "build",
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      await precompress(outDir);
    },
  };
}
