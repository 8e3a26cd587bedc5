import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { TagListResponse } from "../../../../contract/tag.js";
import { api } from "../../../lib/api.js";

export function tagsQuery(limit: number, cursor: string | undefined) {
  return {
    queryKey: ["tags", limit, cursor ?? ""],
    queryFn: () =>
      api<TagListResponse>(`/api/tag?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`),
  };
}

export const useTags = (limit: number, cursor: string | undefined) =>
  useQuery({ ...tagsQuery(limit, cursor), placeholderData: keepPreviousData });
