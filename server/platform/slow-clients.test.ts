// Slowloris: 200 connections that drip their request head forever must not starve anyone, and the
// server must cut them off. The limits are shortened here (1.5 s for the head, checked every 250 ms).
import net from "node:net";
import { expect, it } from "vitest";
import { buildOrg } from "../test/factories.js";
import { describeEachDatabase } from "../test/harness.js";

describeEachDatabase(
  "slow clients",
  (server) => {
    it("serves normal requests while 200 sockets drip headers, then closes every dripping socket", async () => {
      const s = server();
      const org = await buildOrg(s);
      const address = await s.app.listen({ port: 0, host: "127.0.0.1" });
      const { port } = new URL(address);

      const drips: NodeJS.Timeout[] = [];
      const closed = await new Promise<Array<Promise<number>>>((resolve) => {
        const all: Array<Promise<number>> = [];
        let connected = 0;
        for (let i = 0; i < 200; i++) {
          const sock = net.connect(Number(port), "127.0.0.1");
          sock.on("error", () => undefined);
          const opened = Date.now();
          all.push(new Promise((done) => sock.on("close", () => done(Date.now() - opened))));
          sock.on("connect", () => {
            sock.write("GET /api/organisation HTTP/1.1\r\nHost: orgdeck.test\r\n");
            drips.push(setInterval(() => sock.writable && sock.write("X-Slow: 1\r\n"), 200));
            if (++connected === 200) resolve(all);
          });
        }
      });

      // Ordinary clients are served promptly meanwhile.
      for (let i = 0; i < 10; i++) {
        const t0 = Date.now();
        const res = await fetch(`${address}/api/organisation`, { headers: org.admin.headers });
        expect(res.status).toBe(200);
        expect(Date.now() - t0).toBeLessThan(2000);
      }
      const lifetimes = await Promise.all(closed);
      for (const d of drips) clearInterval(d);
      // Cut off after the head limit (plus at most one check interval and some scheduling slack).
      expect(Math.max(...lifetimes)).toBeLessThan(6000);
      expect(Math.min(...lifetimes)).toBeGreaterThanOrEqual(1400);
    }, 30_000);
  },
  {},
  { httpTimeouts: { headersMs: 1500, requestMs: 3000, checkIntervalMs: 250 } },
);
