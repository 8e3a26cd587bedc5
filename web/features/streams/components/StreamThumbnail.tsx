import { Center } from "@mantine/core";
import { IconPhotoOff } from "@tabler/icons-react";
import { useEffect, useRef, useState } from "react";
import { useThumbnail } from "../api/thumbnail.js";

/** Thumbnail URL of a stream answer; absent until the API carries it (Live Processing thumbnail). */
export const thumbnailUrlOf = (s: object): string | null | undefined =>
  (s as { thumbnailUrl?: string | null }).thumbnailUrl;

/** A list's small thumbnail: fetched only once it scrolls into view, a placeholder when there is none. */
export function StreamThumbnail({
  url,
  name,
  width = 64,
}: {
  url: string | null | undefined;
  name: string;
  width?: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [seen, setSeen] = useState(false);
  useEffect(() => {
    const el = box.current;
    if (!el || seen) return;
    const io = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && setSeen(true));
    io.observe(el);
    return () => io.disconnect();
  }, [seen]);
  const thumb = useThumbnail(url, seen);
  const height = Math.round((width * 9) / 16);
  return (
    <div
      ref={box}
      style={{
        width,
        height,
        flex: "none",
        borderRadius: 4,
        overflow: "hidden",
        background: "var(--mantine-color-default-border)",
      }}
    >
      {thumb.src ? (
        <img
          src={thumb.src}
          alt={`Thumbnail of ${name}`}
          width={width}
          height={height}
          style={{ objectFit: "cover", display: "block" }}
        />
      ) : (
        <Center h="100%" aria-label={`No thumbnail for ${name}`} role="img">
          <IconPhotoOff size={16} color="var(--mantine-color-dimmed)" aria-hidden />
        </Center>
      )}
    </div>
  );
}
