import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ApiKeyResponse, OrganisationResponse, WebhookSecretResponse } from "../../../../contract/organisation.js";
import { api } from "../../../lib/api.js";

export const organisationQuery = {
  queryKey: ["organisation"],
  queryFn: () => api<OrganisationResponse>("/api/organisation"),
};
export const useOrganisation = () => useQuery(organisationQuery);

/** Fetched only on an explicit reveal or copy; never kept in the query cache. */
export const revealApiKey = () => api<ApiKeyResponse>("/api/organisation/apikey");

function useOrgMutation<T>(fn: (input: T) => Promise<OrganisationResponse>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: (org) => qc.setQueryData(organisationQuery.queryKey, org) });
}

export const useSetWebhook = () =>
  useOrgMutation((webhook: string | null) =>
    api<OrganisationResponse>("/api/organisation/webhook", { method: "PUT", body: { webhook } }),
  );
export const useSetVodPublic = () =>
  useOrgMutation((isPublic: boolean) =>
    api<OrganisationResponse>("/api/organisation/vod", { method: "PUT", body: { public: isPublic } }),
  );

/** The webhook signing secret: fetched only on an explicit reveal or copy (audited on the server). */
export const revealWebhookSecret = () => api<WebhookSecretResponse>("/api/organisation/webhook/secret");

/** A new signing secret; the old one keeps signing beside it for 24 hours. */
export const useRotateWebhookSecret = () =>
  useMutation({
    mutationFn: () => api<WebhookSecretResponse>("/api/organisation/webhook/secret/rotate", { method: "POST" }),
  });

/** Organisation.Rename: the new name, as the overview then shows it (audited on the server). */
export const useRenameOrganisation = () =>
  useOrgMutation((name: string) =>
    api<OrganisationResponse>("/api/organisation/name", { method: "PUT", body: { name } }),
  );
