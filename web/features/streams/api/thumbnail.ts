import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { apiBlob } from "../../../lib/api-blob.js";

/**
 * A stream's latest thumbnail as a blob URL (the request needs the bintu token, which `<img src>`
 * cannot send). `interval` is the server's capture interval, read from the answer's max-age.
 */
export function useThumbnail(url: string | null | undefined, enabled = true) {
  const q = useQuery({
    queryKey: ["thumbnail", url],
    queryFn: () => apiBlob(url!),
    enabled: Boolean(url) && enabled,
    staleTime: 10_000,
    retry: false,
  });
  const [src, setSrc] = useState<string | null>(null);
  const blob = q.data?.blob;
  useEffect(() => {
    if (!blob) return setSrc(null);
    const u = URL.createObjectURL(blob);
    setSrc(u);
    return () => URL.revokeObjectURL(u);
  }, [blob]);
  return { src, interval: q.data?.maxAge ?? null, missing: q.data === null, query: q };
}
