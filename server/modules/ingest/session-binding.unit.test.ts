import { describe, expect, it } from "vitest";
import { isRecordingOf, strayCall } from "./session-binding.js";

describe("recordings are bound to the stream their file name carries", () => {
  const st = { name: "AbC12-xY9z0", org_hash: "AbC12" };
  it.each([
    ["/rec/AbC12-xY9z0.flv", true],
    ["/rec/AbC12-xY9z0-1796665062.flv", true],
    ["AbC12-xY9z0-1796665062.flv", true],
    ["/rec/AbC12-xY9z01-1796665062.flv", false], // another stream whose name starts with this one
    ["/rec/AbC12-xY9z0-abc.flv", false],
    ["/rec/AbC12-xY9z0-1-2.flv", false],
    ["/rec/other-1796665062.flv", false],
    ["/rec/AbC12-xY9z0/evil.flv", false],
    ["", false],
  ])("%s → %s", (file, ok) => expect(isRecordingOf(st, file)).toBe(ok));

  it("needs the stream's name to start with its organisation's hash", () => {
    expect(isRecordingOf({ name: "AbC12-xY9z0", org_hash: "ZZZZZ" }, "/rec/AbC12-xY9z0.flv")).toBe(false);
    expect(isRecordingOf(st, undefined)).toBe(false);
  });
});

describe("callbacks are bound to the live session's publisher", () => {
  const session = { node: "n1:8080", client_id: "5" };
  it("lets the session's own publisher through, and anything when there is no session", () => {
    expect(strayCall("publish_done", "live", session, { node: "n1:8080", clientId: "5" })).toBeNull();
    expect(strayCall("update_publish", "live", session, { node: "n1:8080", clientId: "5" })).toBeNull();
    expect(strayCall("publish_done", "live", undefined, { node: null, clientId: null })).toBeNull();
  });
  it("names other publishers' publish_done and update_publish, and a second publish on the same node", () => {
    expect(strayCall("publish_done", "ended", session, { node: "n1:8080", clientId: "6" })).toMatch(/client 6 on n1/);
    expect(strayCall("update_publish", "live", session, { node: "n2:8080", clientId: "5" })).toMatch(/client 5 on n2/);
    expect(strayCall("publish", "live", session, { node: "n1:8080", clientId: "6" })).toMatch(/already live/);
  });
  it("leaves a publish on another node, and calls for a stream that is not live, to the other rules", () => {
    expect(strayCall("publish", "live", session, { node: "n2:8080", clientId: "6" })).toBeNull();
    expect(strayCall("publish", "ended", session, { node: "n1:8080", clientId: "6" })).toBeNull();
    expect(strayCall("update_publish", "ended", session, { node: "n1:8080", clientId: "6" })).toBeNull();
    expect(strayCall("play", "live", session, { node: "n9:8080", clientId: "1" })).toBeNull();
  });
});
