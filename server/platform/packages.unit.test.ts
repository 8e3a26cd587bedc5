import { describe, expect, it } from "vitest";
import { AppError } from "./errors.js";
import { hasPackage, requirePackage } from "./packages.js";

const org = (grants: string[]) => ({ packages: JSON.stringify(grants) });

function refusal(grants: string[], key: Parameters<typeof requirePackage>[1]): AppError | null {
  try {
    requirePackage(org(grants), key);
    return null;
  } catch (err) {
    return err as AppError;
  }
}

describe("packages", () => {
  it("reads the stored grants, as JSON text or as a list", () => {
    expect(hasPackage(org(["h5live", "secure"]), "h5live")).toBe(true);
    expect(hasPackage(org(["h5live", "secure"]), "secure")).toBe(true);
    expect(hasPackage(org(["vod"]), "h5live")).toBe(false);
    expect(hasPackage({ packages: ["vod"] }, "vod")).toBe(true);
    expect(hasPackage({ packages: [] }, "vod")).toBe(false);
    expect(hasPackage(org([]), "secure")).toBe(false);
  });

  it("grants every Live Processing feature with liveProcessing, and only the named ones otherwise", () => {
    expect(hasPackage(org(["liveProcessing"]), "liveProcessing.recording")).toBe(true);
    expect(hasPackage(org(["liveProcessing"]), "liveProcessing.thumbnail")).toBe(true);
    expect(hasPackage(org(["liveProcessing.thumbnail"]), "liveProcessing.thumbnail")).toBe(true);
    expect(hasPackage(org(["liveProcessing.thumbnail"]), "liveProcessing.recording")).toBe(false);
    expect(hasPackage(org(["liveProcessing.thumbnail"]), "liveProcessing")).toBe(true);
    expect(hasPackage(org(["vod"]), "liveProcessing")).toBe(false);
  });

  it("requirePackage refuses with 403 package_required naming the package in words", () => {
    expect(refusal(["h5live"], "h5live")).toBeNull();
    const err = refusal(["vod"], "h5live");
    expect(err).toBeInstanceOf(AppError);
    expect(err?.status).toBe(403);
    expect(err?.code).toBe("package_required");
    expect(err?.message).toBe("This needs the H5Live package; ask the operator to enable it");
    expect(refusal([], "secure")?.message).toMatch(/the Secure package/);
    expect(refusal(["liveProcessing.thumbnail"], "liveProcessing.recording")?.message).toBe(
      "This needs the Live Processing package's Recording feature; ask the operator to enable it",
    );
  });
});
