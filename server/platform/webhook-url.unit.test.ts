import { describe, expect, it } from "vitest";
import { checkWebhookUrl, isPublicAddress, webhookPortAllowed } from "./webhook-url.js";

const refused = (url: string, allowPrivate = false) => {
  try {
    checkWebhookUrl(url, allowPrivate);
  } catch (err) {
    return (err as Error).message;
  }
  return null;
};

describe("webhook URL judging", () => {
  it("accepts a public https URL and returns it normalised", () => {
    expect(checkWebhookUrl("  https://Hooks.Example.com/in?x=1 ", false)).toBe("https://hooks.example.com/in?x=1");
    expect(checkWebhookUrl("https://93.184.216.34:8443/", false)).toBe("https://93.184.216.34:8443/");
  });

  it("refuses other schemes, credentials, fragments and ports, naming the rule", () => {
    expect(refused("http://example.com/")).toMatch(/https/);
    expect(refused("ftp://example.com/", true)).toMatch(/https/);
    expect(refused("https://user:pw@example.com/")).toMatch(/user name or password/);
    expect(refused("https://example.com/#x")).toMatch(/fragment/);
    expect(refused("https://example.com:22/")).toMatch(/port 443, 8443/);
    expect(refused("not a url")).toMatch(/absolute URL/);
  });

  it("refuses loopback, private and link-local addresses in every spelling", () => {
    for (const url of [
      "https://127.0.0.1/",
      "https://2130706433/",
      "https://0177.0.0.1/",
      "https://0x7f.1/",
      "https://10.1.2.3/",
      "https://169.254.169.254/",
      "https://[::1]/",
      "https://[::ffff:127.0.0.1]/",
      "https://[::7f00:1]/",
      "https://[fd00::1]/",
    ]) {
      expect(refused(url), url).toMatch(/loopback, private/);
    }
  });

  it("refuses internal host names but allows them, and http on port 80, for single-host setups", () => {
    for (const url of [
      "https://localhost/",
      "https://a.localhost/",
      "https://metadata.google.internal/",
      "https://printer.local/",
      "https://intranet/",
    ]) {
      expect(refused(url), url).toMatch(/local or internal host/);
    }
    expect(checkWebhookUrl("http://localhost/hook", true)).toBe("http://localhost/hook");
    expect(refused("http://localhost:3000/hook", true)).toMatch(/port 80, 443, 8443/);
  });

  it("tells public unicast addresses from special ones", () => {
    expect(isPublicAddress("8.8.8.8")).toBe(true);
    expect(isPublicAddress("2001:4860:4860::8888")).toBe(true);
    for (const a of [
      "127.0.0.1",
      "192.168.0.1",
      "100.64.0.1",
      "::ffff:8.8.8.8",
      "64:ff9b:1::1",
      "2002:7f00:1::",
      "garbage",
    ])
      expect(isPublicAddress(a), a).toBe(false);
  });

  it("reads the default port from the scheme", () => {
    expect(webhookPortAllowed(new URL("https://e.com/"), [443])).toBe(true);
    expect(webhookPortAllowed(new URL("http://e.com/"), [443])).toBe(false);
    expect(webhookPortAllowed(new URL("https://e.com:9999/"), "any")).toBe(true);
  });
});
