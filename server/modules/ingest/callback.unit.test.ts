import { describe, expect, it } from "vitest";
import { formOf, parseCallback, webhookBody } from "./callback.js";
import { receiverDecision, receiverHealthy } from "./decision.js";

describe("nginx-rtmp callback bodies", () => {
  it("decodes fields, keeps the first of repeated keys and every segment as it arrived", () => {
    const cb = parseCallback("call=publish&name=abc%20def&app=live&name=other&token=a%2Bb&flag&=x");
    expect(cb.fields.call).toBe("publish");
    expect(cb.fields.name).toBe("abc def");
    expect(cb.fields.token).toBe("a+b");
    expect(cb.fields.flag).toBe("");
    expect(cb.segments.map((s) => s.raw)).toEqual([
      "call=publish",
      "name=abc%20def",
      "app=live",
      "name=other",
      "token=a%2Bb",
      "flag",
      "=x",
    ]);
  });

  it("keeps a malformed escape as written instead of throwing", () => {
    expect(parseCallback("name=%E0%A4%A").fields.name).toBe("%E0%A4%A");
  });

  it("does not let a key reach the object prototype", () => {
    const cb = parseCallback("__proto__=x&constructor=y");
    expect(cb.fields.__proto__).toBe("x");
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it("forwards the client's parameters byte for byte first, then call, name, app, addr, clientid, then the rest", () => {
    const cb = parseCallback(
      "app=live&flashver=FMLE&call=publish&name=s1&addr=10.0.0.1&clientid=7&token=a%2Fb&token=second&x=%C3%A9",
    );
    expect(webhookBody(cb, { duration: 12, app: "ignored" })).toBe(
      "token=a%2Fb&token=second&x=%C3%A9&call=publish&name=s1&app=live&addr=10.0.0.1&clientid=7&flashver=FMLE&duration=12",
    );
  });

  it("encodes the dashboard's test fields as a form", () => {
    expect(formOf({ call: "publish", name: "a b&c" })).toBe("call=publish&name=a+b%26c");
  });
});

describe("the receiver's answer decides", () => {
  it("allows on 200 only; 403 refuses; other statuses and no answer refuse with a reason", () => {
    expect(receiverDecision({ kind: "response", status: 200, latencyMs: 5 })).toEqual({
      allow: true,
      reason: "receiver allowed",
      receiverStatus: 200,
      latencyMs: 5,
    });
    expect(receiverDecision({ kind: "response", status: 403, latencyMs: 5 })).toMatchObject({
      allow: false,
      reason: "receiver refused",
      receiverStatus: 403,
    });
    expect(receiverDecision({ kind: "response", status: 204, latencyMs: 5 })).toMatchObject({
      allow: false,
      reason: "receiver answered 204",
    });
    expect(receiverDecision({ kind: "response", status: 500, latencyMs: 5 })).toMatchObject({
      allow: false,
      reason: "receiver answered 500",
    });
    expect(receiverDecision({ kind: "error", reason: "timeout", detail: "", latencyMs: 2000 })).toEqual({
      allow: false,
      reason: "receiver did not answer in time",
      receiverStatus: null,
      latencyMs: 2000,
    });
    expect(receiverDecision({ kind: "error", reason: "blocked", detail: "", latencyMs: 0 }).reason).toBe(
      "webhook address is not allowed",
    );
    expect(receiverDecision({ kind: "error", reason: "network", detail: "", latencyMs: 1 }).reason).toBe(
      "receiver unreachable",
    );
  });

  it("counts a clear yes or no as a working receiver, anything else as a failure", () => {
    expect(receiverHealthy({ kind: "response", status: 200, latencyMs: 1 })).toBe(true);
    expect(receiverHealthy({ kind: "response", status: 403, latencyMs: 1 })).toBe(true);
    expect(receiverHealthy({ kind: "response", status: 502, latencyMs: 1 })).toBe(false);
    expect(receiverHealthy({ kind: "error", reason: "timeout", detail: "", latencyMs: 1 })).toBe(false);
  });
});
