import { describe, expect, it } from "vitest";
import { jpegSize } from "./jpeg.js";
import { createLimiter } from "./limiter.js";

describe("capture limiter", () => {
  it("runs at most `max` tasks at once, the rest in order, and goes on after a failure", async () => {
    const limiter = createLimiter(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const task = (i: number) => async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 10 + (i % 3) * 5));
      running--;
      order.push(i);
      if (i === 1) throw new Error("ffmpeg failed");
      return i;
    };
    const all = Array.from({ length: 7 }, (_, i) => limiter.run(task(i)));
    expect(limiter.busy).toBe(7);
    const results = await Promise.allSettled(all);
    expect(peak).toBe(2);
    expect(results.filter((r) => r.status === "rejected")).toHaveLength(1);
    expect(results.filter((r) => r.status === "fulfilled").map((r) => r.value)).toEqual([0, 2, 3, 4, 5, 6]);
    expect(order).toHaveLength(7);
    expect(limiter.busy).toBe(0);
  });

  it("takes a task that throws before its first await as a failure, not a stuck slot", async () => {
    const limiter = createLimiter(1);
    await expect(
      limiter.run(() => {
        throw new Error("no");
      }),
    ).rejects.toThrow("no");
    expect(await limiter.run(async () => "next")).toBe("next");
  });
});

describe("JPEG size", () => {
  // SOI, an APP0 segment to skip, then SOF0 with height 360 and width 640.
  const sof = Buffer.from([
    0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x01, 0x68, 0x02, 0x80, 0x03,
  ]);
  it("reads width and height from the frame header", () => {
    expect(jpegSize(Buffer.concat([sof, Buffer.alloc(16)]))).toEqual({ width: 640, height: 360 });
  });
  it("refuses what is not a JPEG or has no frame header", () => {
    expect(jpegSize(Buffer.from("not a jpeg at all"))).toBeNull();
    expect(jpegSize(Buffer.from([0xff, 0xd8, 0xff, 0xd9, 0, 0, 0, 0, 0, 0]))).toBeNull();
    expect(jpegSize(sof.subarray(0, 12))).toBeNull();
  });
});
