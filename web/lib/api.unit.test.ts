import { describe, expect, it } from "vitest";
import { ApiError, errorMessage } from "./api.js";

describe("errorMessage", () => {
  it("reads a field's validation message as a sentence, without the field name the API puts first", () => {
    const err = new ApiError(400, "validation_failed", "webhook: webhook must be at most 2048 characters");
    expect(errorMessage(err)).toBe("Webhook must be at most 2048 characters.");
    expect(errorMessage(new ApiError(400, "validation_failed", "body.tags[0]: tags may not be empty."))).toBe(
      "Tags may not be empty.",
    );
    expect(errorMessage(new ApiError(400, "validation_failed", "clientIp: clientIp must be an IP address"))).toBe(
      "clientIp must be an IP address.",
    );
  });

  it("leaves every other message as the server wrote it", () => {
    expect(errorMessage(new ApiError(409, "conflict", "name: already taken"))).toBe("name: already taken");
    expect(errorMessage(new ApiError(400, "validation_failed", "Something without a field"))).toBe(
      "Something without a field",
    );
    expect(errorMessage(new Error("offline"))).toBe("offline");
    expect(errorMessage("nope")).toBe("Something went wrong");
  });
});
