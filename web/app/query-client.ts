import { QueryClient } from "@tanstack/react-query";
import { ApiError } from "../lib/api.js";

/** The dashboard's one query cache (App provides it; the router fills it early for the first page). */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Authorisation failures are answers, not glitches: never retry them.
      retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});
