import http from "node:http";
import type { AddressInfo } from "node:net";

export type ReceiverMode =
  | "200"
  | "401"
  | "403"
  | "404"
  | "500"
  | "204"
  | "redirect"
  | "hang"
  | "endless"
  | "drip"
  | "garbage"
  | "refusePlays"
  | "slow";

/**
 * A webhook receiver on 127.0.0.1 that behaves as told, and remembers what it was sent.
 * Used in place of a customer's endpoint; it never talks to anything but loopback.
 */
export async function startReceiver(initial: ReceiverMode = "200", opts: { redirectTo?: string } = {}) {
  let mode: ReceiverMode = initial;
  /** Bytes the endless answer wrote before the caller hung up, per request. */
  const endless: Array<{ written: number; closedAfterMs: number }> = [];
  const calls: Array<{ body: string; headers: http.IncomingHttpHeaders }> = [];
  const sockets = new Set<import("node:net").Socket>();
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d.toString()));
    req.on("end", () => {
      calls.push({ body, headers: req.headers });
      switch (mode) {
        case "hang":
          return;
        case "redirect":
          res.writeHead(302, { location: opts.redirectTo ?? "http://127.0.0.1:1/internal" }).end();
          return;
        case "endless": {
          res.writeHead(200, { "content-type": "text/plain" });
          const started = Date.now();
          const entry = { written: 0, closedAfterMs: -1 };
          endless.push(entry);
          const chunk = "x".repeat(64 * 1024);
          const timer = setInterval(() => {
            if (res.write(chunk)) entry.written += chunk.length;
          }, 1);
          res.on("close", () => {
            clearInterval(timer);
            entry.closedAfterMs = Date.now() - started;
          });
          return;
        }
        case "slow":
          setTimeout(() => res.writeHead(200).end(), 1500);
          return;
        case "garbage":
          res.socket!.end("HELLO THERE\r\n\r\n");
          return;
        case "drip": {
          // Headers one byte at a time, never finishing.
          const socket = res.socket!;
          const text = "HTTP/1.1 200 OK\r\n";
          let i = 0;
          const timer = setInterval(() => (i < text.length ? socket.write(text[i++]!) : undefined), 200);
          socket.on("close", () => clearInterval(timer));
          return;
        }
        case "refusePlays":
          res.writeHead(/(^|&)call=play(&|$)/.test(body) ? 403 : 200).end();
          return;
        case "200":
        case "204":
        case "401":
        case "403":
        case "404":
        case "500":
          res.writeHead(Number(mode)).end();
      }
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}/hook`,
    calls,
    endless,
    setMode: (m: ReceiverMode) => void (mode = m),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
