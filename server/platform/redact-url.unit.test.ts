import { describe, expect, it } from "vitest";
import { redactUrl, redactUrls } from "./redact-url.js";

describe("URLs for the audit log", () => {
  it("keeps scheme, host, port and path; the query, user info and fragment become …", () => {
    expect(redactUrl("https://hook.example.com/in?token=s3cret")).toBe("https://hook.example.com/in?…");
    expect(redactUrl("https://user:pass@host.example/path")).toBe("https://…@host.example/path");
    expect(redactUrl("https://user@host.example:8443/a/b?x=1&y=2#frag")).toBe("https://…@host.example:8443/a/b?…#…");
    expect(redactUrl("http://127.0.0.1:9000/hook")).toBe("http://127.0.0.1:9000/hook");
    expect(redactUrl("https://[::1]:8443/x?k=v")).toBe("https://[::1]:8443/x?…");
    expect(redactUrl("https://host.example")).toBe("https://host.example/");
    expect(redactUrl("https://host.example/p?")).toBe("https://host.example/p");
  });

  it("makes the same cuts in a URL the parser refuses", () => {
    expect(redactUrl("https://[bad/path?token=x")).toBe("https://[bad/path?…");
    expect(redactUrl("https://a:b@[bad/p#x")).toBe("https://…@[bad/p#…");
    expect(redactUrl("https://[bad/path")).toBe("https://[bad/path");
    expect(redactUrl("not a url?token=x")).toBe("not a url…");
  });

  it("redacts every URL-shaped string at any depth and leaves the rest alone", () => {
    const detail = {
      from: "https://old.example/hook?sig=abc",
      to: null,
      events: ["stream.live"],
      nested: { list: ["https://u:p@x.example/y", "plain?text=1"], count: 3, on: true },
    };
    expect(redactUrls(detail)).toEqual({
      from: "https://old.example/hook?…",
      to: null,
      events: ["stream.live"],
      nested: { list: ["https://…@x.example/y", "plain?text=1"], count: 3, on: true },
    });
    expect(detail.from).toBe("https://old.example/hook?sig=abc"); // a copy; the input is untouched
    expect(JSON.stringify(redactUrls({ u: "HTTPS://H.example/?token=t0k" }))).not.toContain("t0k");
  });
});
