import { Badge } from "@mantine/core";
import type { StreamState } from "../../../../contract/stream.js";

const COLOR: Record<StreamState, string> = {
  created: "#495057",
  live: "#1e6b30",
  ended: "#0b5394",
  locked: "#a51d1d",
  deleted: "#495057",
};

export function StreamStateBadge({ state }: { state: StreamState }) {
  return (
    // max-content: in a narrow table column the badge would otherwise shrink to an ellipsis.
    <Badge variant="filled" tt="none" style={{ backgroundColor: COLOR[state], minWidth: "max-content" }}>
      {state}
    </Badge>
  );
}
