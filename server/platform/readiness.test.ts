import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { describeEachDatabase, startTestServer } from "../test/harness.js";

const BASE = fs.mkdtempSync(path.join(os.tmpdir(), "orgdeck-ready-"));
const REC = fs.mkdtempSync(path.join(os.tmpdir(), "orgdeck-ready-rec-"));
// Permission bits do not stop root (the tests may run as root): a file where a folder should be does.
const PARENT = path.join(BASE, "media");
const VOD = path.join(PARENT, "vod");

describeEachDatabase(
  "readiness names an unwritable VOD folder",
  (server) => {
    const ready = () => server().request({ method: "GET", url: "/readyz" });

    it("answers 503 naming ORGDECK_VOD_DIR and its problem while the folder cannot take files, never its path", async () => {
      fs.rmSync(PARENT, { recursive: true, force: true });
      const fine = await ready();
      expect(fine.statusCode).toBe(200);
      expect(fine.json()).toEqual({ status: "ready" });
      expect(fs.statSync(VOD).isDirectory()).toBe(true);
      expect(fs.readdirSync(VOD)).toEqual([]); // the probe file is gone again

      fs.rmSync(PARENT, { recursive: true });
      fs.writeFileSync(PARENT, "not a folder");
      const under = await ready();
      expect(under.statusCode).toBe(503);
      expect(under.json()).toEqual({
        status: "unavailable",
        error: {
          code: "unavailable",
          message: "VOD folder (ORGDECK_VOD_DIR) is not writable: a part of its path is a file, not a folder",
        },
      });
      expect(under.body).not.toContain(BASE);

      fs.rmSync(PARENT);
      fs.mkdirSync(PARENT);
      fs.writeFileSync(VOD, "not a folder");
      const file = await ready();
      expect(file.statusCode).toBe(503);
      expect(file.json().error.message).toBe(
        "VOD folder (ORGDECK_VOD_DIR) is not writable: it is a file, not a folder",
      );
      expect(file.body).not.toContain(BASE);
      // Liveness is another question: the process still answers.
      expect((await server().request({ method: "GET", url: "/healthz" })).statusCode).toBe(200);

      fs.rmSync(VOD);
      expect((await ready()).statusCode).toBe(200);
    });

    it("does not check the VOD folder when recording is not configured", async () => {
      const blocked = path.join(BASE, `plain-file-${server().dialect}`);
      fs.writeFileSync(blocked, "");
      const s = await startTestServer(server().dialect, { ORGDECK_VOD_DIR: path.join(blocked, "vod") });
      try {
        expect((await s.request({ method: "GET", url: "/readyz" })).statusCode).toBe(200);
      } finally {
        await s.close();
      }
    });
  },
  { ORGDECK_RECORDINGS_DIR: REC, ORGDECK_VOD_DIR: VOD },
);
