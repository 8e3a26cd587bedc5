import { describe, expect, it } from "vitest";
import { createPlaybackGate, parseHlsUri } from "./playback-gate.js";

const ID = "0193a4b2-7c1d-7e3f-9a2b-1c2d3e4f5a6b";

describe("parseHlsUri: only /hls/<stream id>/<plain file>.m3u8|.ts reaches a decision", () => {
  it("reads the stream id and the token", () => {
    expect(parseHlsUri(`/hls/${ID}/index.m3u8`)).toEqual({ streamId: ID, token: null });
    expect(parseHlsUri(`/hls/${ID}/12.ts?token=a.b.c`)).toEqual({ streamId: ID, token: "a.b.c" });
    expect(parseHlsUri(`/hls/${ID}/12.ts?x=1&token=a.b.c&token=d`)).toEqual({ streamId: ID, token: "a.b.c" });
    expect(parseHlsUri(`/hls/${ID}/index.m3u8?token=`)).toEqual({ streamId: ID, token: null });
  });

  it.each([
    `/hls/${ID}/../index.m3u8`,
    `/hls/${ID}/sub/index.m3u8`,
    `/hls/${ID}/index.mp4`,
    `/hls/${ID}/.m3u8`,
    `/hls/${ID.toUpperCase()}/index.m3u8`,
    `/hls/abcde-12345/index.m3u8`,
    `/hls/${ID}`,
    `/vod/${ID}/index.m3u8`,
    `//hls/${ID}/index.m3u8`,
  ])("refuses %s", (uri) => expect(parseHlsUri(uri)).toBeNull());
});

describe("the gate's order: state, then H5Live, then the token's characters, then Secure", () => {
  const live = { id: ID, org_id: "o", state: "live", org_disabled: 0, org_packages: '["h5live"]' };
  const gate = createPlaybackGate({ verifier: undefined, tagsOf: async () => [] });
  const req = { token: null, ip: "198.51.100.1", referer: null };

  it("allows a live stream with H5Live, counting the client address", async () => {
    expect(await gate.check(live, req)).toEqual({ allow: true, viewer: "ip:198.51.100.1" });
  });

  it("refuses with a reason that names nothing secret", async () => {
    expect(await gate.check(undefined, req)).toEqual({ allow: false, reason: "unknown stream" });
    expect(await gate.check({ ...live, state: "ended" }, req)).toEqual({
      allow: false,
      reason: "stream is ended, not live",
    });
    expect(await gate.check({ ...live, org_packages: "[]" }, req)).toEqual({
      allow: false,
      reason: "no H5Live package: playback is off",
    });
    expect(await gate.check(live, { ...req, token: "a\nb" })).toEqual({ allow: false, reason: "token_malformed" });
    expect(await gate.check({ ...live, org_packages: '["h5live","secure"]' }, req)).toMatchObject({ allow: false });
  });
});
