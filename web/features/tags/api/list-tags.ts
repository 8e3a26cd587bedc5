import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { TagListResponse } from "../../../../contract/tag.js";
import { api } from "../../../lib/api.js";

export function tagsQuery(limit: number, offset: number) {
  return { queryKey: ["tags", limit, offset], queryFn: () => api<TagListResponse>(`/api/tag?limit=${limit}&offset=${offset}`) };
}

export const useTags = (limit: number, offset: number) => useQuery({ ...tagsQuery(limit, offset), placeholderData: keepPreviousData });
