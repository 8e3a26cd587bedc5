import { describe, expect, it } from "vitest";
import { createPlayoutUrls } from "./playout.js";

const ID = "0b6f3c1e-2a4d-4c8e-9f10-123456789abc";

describe("playout URLs", () => {
  it("names the stream by id on the playout server, the RTMP host and the public URL", () => {
    const urls = createPlayoutUrls({
      playoutUrl: "https://play.example.com/edge",
      rtmpUrl: "rtmp://media.example.com:1936/live",
      publicUrl: "https://deck.example.com",
    });
    expect(urls(ID)).toEqual({
      hls: `https://play.example.com/edge/hls/${ID}/index.m3u8`,
      rtmp: `rtmp://media.example.com:1936/live/${ID}`,
      embed: `https://deck.example.com/embed/${ID}`,
    });
  });

  it("puts the token on every URL, escaped", () => {
    const urls = createPlayoutUrls({
      playoutUrl: "http://p:8080",
      rtmpUrl: "rtmp://r/live",
      publicUrl: "http://d",
    });
    const { hls, rtmp, embed } = urls(ID, "a.b_c-d&x=1");
    for (const u of [hls, rtmp, embed]) expect(u.endsWith("?token=a.b_c-d%26x%3D1")).toBe(true);
    expect(rtmp).toBe(`rtmp://r/live/${ID}?token=a.b_c-d%26x%3D1`);
  });

  it("keeps only the host of an RTMP ingest URL with another application path", () => {
    const urls = createPlayoutUrls({
      playoutUrl: "http://p",
      rtmpUrl: "rtmps://r.example:443/ingest/x",
      publicUrl: "http://d",
    });
    expect(urls(ID).rtmp).toBe(`rtmps://r.example:443/live/${ID}`);
  });
});
