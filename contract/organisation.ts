import { z } from "zod";
import { isoDate, safeText, uuid } from "./common.js";

export const SUPPORT_LEVELS = ["basic", "standard", "premium", "enterprise"] as const;
export const ANALYTICS_LEVELS = ["basic", "full", "premium"] as const;
export type SupportLevel = (typeof SUPPORT_LEVELS)[number];
export type AnalyticsLevel = (typeof ANALYTICS_LEVELS)[number];

export const PACKAGES = [
  { key: "liveProcessing", label: "Live Processing" },
  { key: "h5live", label: "H5Live" },
  { key: "webcaster", label: "Webcaster" },
  { key: "transcoding", label: "Transcoding" },
  { key: "vod", label: "VOD" },
  { key: "metadata", label: "Metadata" },
  { key: "liveCaptions", label: "Live Captions" },
  { key: "secure", label: "Secure" },
] as const;
export type PackageKey = (typeof PACKAGES)[number]["key"];
export const PACKAGE_KEYS = PACKAGES.map((p) => p.key) as PackageKey[];

export const LIVE_PROCESSING_FEATURES = [
  { key: "thumbnail", label: "Thumbnail" },
  { key: "motionClip", label: "Motion Clip" },
  { key: "recording", label: "Recording" },
  { key: "liveReplay", label: "Live Replay" },
] as const;
export type LiveProcessingFeature = (typeof LIVE_PROCESSING_FEATURES)[number]["key"];

/**
 * How an operator names enabled packages (CLI `--packages`, stored as a list): a package key
 * (`vod`), `liveProcessing` for all of its features, or `liveProcessing.<feature>` for some of them.
 */
export const PACKAGE_GRANTS: readonly string[] = [
  ...PACKAGE_KEYS,
  ...LIVE_PROCESSING_FEATURES.map((f) => `liveProcessing.${f.key}`),
];

export const packageSchema = z.object({
  key: z.enum(PACKAGE_KEYS as [PackageKey, ...PackageKey[]]),
  label: z.string(),
  enabled: z.boolean(),
  features: z.array(z.object({ key: z.string(), label: z.string(), enabled: z.boolean() })).optional(),
});
export type Package = z.infer<typeof packageSchema>;

export const organisationNameSchema = safeText("name", 100);
export const orgHashSchema = z
  .string()
  .regex(/^[A-Za-z0-9]{5}$/, { message: "hash must be 5 characters A-Z, a-z, 0-9" });

export const organisationResponse = z.object({
  id: uuid,
  name: z.string(),
  hash: z.string(),
  supportLevel: z.enum(SUPPORT_LEVELS),
  analyticsLevel: z.enum(ANALYTICS_LEVELS),
  trial: z.boolean(),
  packages: z.array(packageSchema),
  webhook: z.string().nullable(),
  vodPublic: z.boolean(),
  createdAt: isoDate,
  /** Present only for callers holding MetricKey.Get (every built-in role). */
  playerKey: z.string().optional(),
  /** Expiry of the caller's bintu token; null when the caller used the API key. */
  tokenExpiresAt: isoDate.nullable(),
  /** Present only for callers holding ApiKey.Get. */
  apiKey: z.object({ last4: z.string(), createdAt: isoDate }).optional(),
});
export type OrganisationResponse = z.infer<typeof organisationResponse>;

export const apiKeyResponse = z.object({ apiKey: z.string(), last4: z.string(), createdAt: isoDate });
export type ApiKeyResponse = z.infer<typeof apiKeyResponse>;

export const WEBHOOK_MAX_LENGTH = 2048;
export const webhookRequest = z
  .object({
    webhook: z
      .string({ error: "webhook must be a string or null" })
      .max(WEBHOOK_MAX_LENGTH, { message: `webhook must be at most ${WEBHOOK_MAX_LENGTH} characters` })
      .nullable(),
  })
  .strict();
export type WebhookRequest = z.infer<typeof webhookRequest>;

/** The secret that signs the calls to the organisation's webhook (Standard Webhooks form). */
export const webhookSecretResponse = z.object({ secret: z.string().describe("whsec_<base64 of 32 bytes>") });
export type WebhookSecretResponse = z.infer<typeof webhookSecretResponse>;

/** A member's rename of the organisation (the operator renames with `org:update --name`). */
export const renameRequest = z.object({ name: organisationNameSchema }).strict();
export type RenameRequest = z.infer<typeof renameRequest>;

export const vodRequest = z.object({ public: z.boolean({ error: "public must be a boolean" }) }).strict();
export type VodRequest = z.infer<typeof vodRequest>;
