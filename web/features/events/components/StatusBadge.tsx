import { Badge } from "@mantine/core";

// Solid dark backgrounds: white text on them passes contrast checks at any size.
const COLORS = { ok: "#1e6b30", warn: "#8a4b00", bad: "#a51d1d", idle: "#495057" } as const;

export function StatusBadge({ tone, children }: { tone: keyof typeof COLORS; children: string }) {
  return (
    <Badge size="sm" tt="none" style={{ backgroundColor: COLORS[tone], color: "#fff", flexShrink: 0 }}>
      {children}
    </Badge>
  );
}
