import type { FastifyRequest } from "fastify";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../config.js";
import { publicOrigin, requestOrigin } from "./public-origin.js";

const req = (host: string | undefined, protocol: "http" | "https" = "http") =>
  ({ host, protocol }) as unknown as FastifyRequest;

describe("the base of links", () => {
  it("comes from the request only when PUBLIC_URL is unset (or empty)", () => {
    expect(loadConfig({}).publicUrlFromRequest).toBe(true);
    expect(loadConfig({ PUBLIC_URL: "" }).publicUrlFromRequest).toBe(true);
    expect(loadConfig({ PUBLIC_URL: "" }).publicUrl).toBe("http://localhost:3000");
    const set = loadConfig({ PUBLIC_URL: "https://orgdeck.example.com/" });
    expect(set.publicUrlFromRequest).toBe(false);
    expect(set.publicUrl).toBe("https://orgdeck.example.com");
    // Outside a request (the setup link at start-up, the CLI) it is the configured or default one.
    expect(publicOrigin(set)).toBe("https://orgdeck.example.com");
  });

  it("takes a plain host name or address with a port, and nothing else", () => {
    expect(requestOrigin(req("192.168.1.20:3000"))).toBe("http://192.168.1.20:3000");
    expect(requestOrigin(req("Orgdeck.LAN", "https"))).toBe("https://orgdeck.lan");
    expect(requestOrigin(req("[fe80::1]:3000"))).toBe("http://[fe80::1]:3000");
    for (const bad of [
      undefined,
      "",
      "evil.example/x",
      "a b",
      "user@evil.example",
      "evil.example:3000/x",
      "-x.lan",
      "x".repeat(300),
    ])
      expect(requestOrigin(req(bad)), String(bad)).toBeNull();
  });
});
