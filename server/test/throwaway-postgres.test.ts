// The fresh-machine path: no TEST_DATABASE_URL and nothing on the probed port, so the suite makes its
// own PostgreSQL cluster and removes it again. The probe points at a closed port, so the machine's
// own PostgreSQL (if any) is left alone.
import fs from "node:fs";
import net from "node:net";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { ensureTestPostgres, isListening } from "../../scripts/test-postgres.mjs";

const saved = { url: process.env.TEST_DATABASE_URL, probe: process.env.ORGDECK_TEST_PG_PROBE_PORT };
afterEach(() => {
  for (const [key, value] of [
    ["TEST_DATABASE_URL", saved.url],
    ["ORGDECK_TEST_PG_PROBE_PORT", saved.probe],
  ] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const { port } = s.address() as net.AddressInfo;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

describe("the test PostgreSQL", () => {
  it("is a throwaway cluster when none is configured or listening, and is gone after stop()", async () => {
    delete process.env.TEST_DATABASE_URL;
    process.env.ORGDECK_TEST_PG_PROBE_PORT = String(await closedPort());
    const server = await ensureTestPostgres();
    const dir = /\((\/[^)]+)\)/.exec(server.source)?.[1];
    try {
      expect(server.source).toMatch(/^a throwaway cluster on port \d+/);
      expect(dir && fs.existsSync(dir)).toBe(true);
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      const { rows } = await client.query<{ ok: number }>("SELECT 1 AS ok");
      await client.end();
      expect(rows).toEqual([{ ok: 1 }]);
    } finally {
      server.stop();
    }
    expect(fs.existsSync(dir!)).toBe(false);
    expect(await isListening(Number(new URL(server.url).port))).toBe(false);
  }, 60_000);

  it("is the server listening on the probed port, or TEST_DATABASE_URL when set, and then starts nothing", async () => {
    delete process.env.TEST_DATABASE_URL;
    const listener = net.createServer();
    await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
    const { port } = listener.address() as net.AddressInfo;
    process.env.ORGDECK_TEST_PG_PROBE_PORT = String(port);
    try {
      expect((await ensureTestPostgres()).url).toBe(`postgres://postgres@127.0.0.1:${port}/test`);
    } finally {
      listener.close();
    }
    process.env.TEST_DATABASE_URL = "postgres://someone@db.example:5433/x";
    expect(await ensureTestPostgres()).toMatchObject({
      url: "postgres://someone@db.example:5433/x",
      source: "TEST_DATABASE_URL",
    });
  });
});
