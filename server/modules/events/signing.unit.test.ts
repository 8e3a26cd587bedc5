import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { createKeyring } from "../../platform/keyring.js";
import { newEventSecret, ROTATION_OVERLAP_MS, signedHeaders, signingSecrets } from "./signing.js";

describe("event signatures", () => {
  it("match the Standard Webhooks specification's example", () => {
    const headers = signedHeaders(
      ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"],
      "msg_p5jXN8AQM9LWM0D4loKWxJek",
      1614265330,
      '{"test": 2432232314}',
    );
    expect(headers).toEqual({
      "webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
      "webhook-timestamp": "1614265330",
      "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
    });
  });

  it("carry one signature per secret, each verifiable on its own", () => {
    const [a, b] = [newEventSecret(), newEventSecret()];
    expect(Buffer.from(a.slice("whsec_".length), "base64")).toHaveLength(32);
    const body = '{"type":"ping"}';
    const headers = signedHeaders([a, b], "evt-1", Math.floor(Date.now() / 1000), body);
    expect(headers["webhook-signature"].split(" ")).toHaveLength(2);
    for (const s of [a, b]) expect(() => new Webhook(s).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(newEventSecret()).verify(body, headers)).toThrow();
  });

  it("use the previous secret only until its overlap ends", () => {
    const keyring = createKeyring(randomBytes(32));
    const row = {
      secret_enc: keyring.encrypt("whsec_new"),
      previous_secret_enc: keyring.encrypt("whsec_old"),
      previous_secret_expires_at: 1000 + ROTATION_OVERLAP_MS,
    };
    expect(signingSecrets(row, keyring, 1000)).toEqual(["whsec_new", "whsec_old"]);
    expect(signingSecrets(row, keyring, 1000 + ROTATION_OVERLAP_MS)).toEqual(["whsec_new"]);
    expect(signingSecrets({ ...row, previous_secret_enc: null, previous_secret_expires_at: null }, keyring, 0)).toEqual(
      ["whsec_new"],
    );
  });
});
