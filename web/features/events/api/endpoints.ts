import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  CreateEventEndpointRequest,
  DeliveryResponse,
  EventEndpointResponse,
  UpdateEventEndpointRequest,
} from "../../../../contract/events.js";
import { api } from "../../../lib/api.js";

/** Event endpoints of the organisation (never their secrets): the overview's summary and the manager share it. */
export const endpointsQuery = {
  queryKey: ["event-endpoints"],
  queryFn: () => api<{ endpoints: EventEndpointResponse[] }>("/api/event-endpoint"),
};
export const useEventEndpoints = () => useQuery(endpointsQuery);

function useEndpointMutation<I, O>(fn: (input: I) => Promise<O>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: endpointsQuery.queryKey }) });
}

/** The answer carries the signing secret: shown once by the caller, never kept in the query cache. */
export const useCreateEndpoint = () =>
  useEndpointMutation((body: CreateEventEndpointRequest) =>
    api<{ endpoint: EventEndpointResponse; secret: string }>("/api/event-endpoint", { method: "POST", body }),
  );
export const useUpdateEndpoint = () =>
  useEndpointMutation(({ id, ...body }: UpdateEventEndpointRequest & { id: string }) =>
    api<EventEndpointResponse>(`/api/event-endpoint/${id}`, { method: "PUT", body }),
  );
export const useDeleteEndpoint = () =>
  useEndpointMutation((id: string) => api<{ ok: true }>(`/api/event-endpoint/${id}`, { method: "DELETE" }));
export const useRotateSecret = () =>
  useMutation({
    mutationFn: (id: string) => api<{ secret: string }>(`/api/event-endpoint/${id}/secret/rotate`, { method: "POST" }),
  });
/** Fetched only on an explicit reveal or copy (audited). */
export const revealSecret = (id: string) =>
  api<{ secret: string }>(`/api/event-endpoint/${id}/secret`).then((r) => r.secret);

const deliveriesKey = (id: string) => ["event-deliveries", id];

export function useDeliveries(id: string, cursor: string | undefined, pageSize: number) {
  const q = new URLSearchParams({ limit: String(pageSize) });
  if (cursor) q.set("cursor", cursor);
  return useQuery({
    queryKey: [...deliveriesKey(id), cursor ?? null],
    queryFn: () =>
      api<{ deliveries: DeliveryResponse[]; next: string | null }>(`/api/event-endpoint/${id}/deliveries?${q}`),
    placeholderData: keepPreviousData,
    // Deliveries happen in the background: keep the log moving while it is open.
    refetchInterval: 3000,
  });
}

function useDeliveryMutation<I>(endpointId: string, fn: (input: I) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => qc.invalidateQueries({ queryKey: deliveriesKey(endpointId) }),
  });
}
export const useSendTestEvent = (id: string) =>
  useDeliveryMutation(id, () => api<{ eventId: string }>(`/api/event-endpoint/${id}/test`, { method: "POST" }));
export const useResend = (id: string) =>
  useDeliveryMutation(id, (deliveryId: string) =>
    api<{ ok: true }>(`/api/event-endpoint/${id}/deliveries/${deliveryId}/resend`, { method: "POST" }),
  );
