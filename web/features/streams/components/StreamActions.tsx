import { ActionIcon, Group, Text, Tooltip } from "@mantine/core";
import { IconLock, IconLockOpen, IconPlayerStop, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import type { StreamResponse } from "../../../../contract/stream.js";
import { ConfirmDialog } from "../../../components/ConfirmDialog.js";
import { errorMessage } from "../../../lib/api.js";
import { useCan } from "../../../lib/me.js";
import { useStreamOp, type StreamOp } from "../api/streams.js";

const OPS: Record<StreamOp, { label: string; icon: typeof IconLock; permission: "StreamWithId.Stop" | "StreamWithId.Lock" | "StreamWithId.Unlock" | "StreamWithId.Delete"; consequence: string; danger: boolean }> = {
  stop: { label: "Stop stream", icon: IconPlayerStop, permission: "StreamWithId.Stop", consequence: "The stream is marked ended. The encoder may publish again unless the stream is locked.", danger: false },
  lock: { label: "Lock stream", icon: IconLock, permission: "StreamWithId.Lock", consequence: "Every publish and play of this stream is refused until it is unlocked.", danger: true },
  unlock: { label: "Unlock stream", icon: IconLockOpen, permission: "StreamWithId.Unlock", consequence: "The stream may be published again (subject to your webhook).", danger: false },
  delete: { label: "Delete stream", icon: IconTrash, permission: "StreamWithId.Delete", consequence: "The stream and its tags are removed for good; its name is never reused and every publish is refused.", danger: true },
};

/** Stop / lock / unlock / delete, each for permitted roles only and each confirmed. */
export function StreamActions({ stream, onDeleted }: { stream: StreamResponse; onDeleted?: () => void }) {
  const can = useCan();
  const run = useStreamOp();
  const [op, setOp] = useState<StreamOp | null>(null);
  const available: StreamOp[] = [
    ...(stream.state === "live" ? (["stop"] as const) : []),
    ...(stream.state === "locked" ? (["unlock"] as const) : (["lock"] as const)),
    "delete",
  ];
  const allowed = available.filter((o) => can(OPS[o].permission));
  if (allowed.length === 0) return null;
  const current = op ? OPS[op] : null;
  return (
    <>
      <Group gap={4} wrap="nowrap">
        {allowed.map((o) => {
          const { label, icon: Icon, danger } = OPS[o];
          return (
            <Tooltip key={o} label={label}>
              <ActionIcon variant="subtle" color={danger ? "red" : "gray"} aria-label={`${label} ${stream.name}`} onClick={() => setOp(o)}>
                <Icon size={18} />
              </ActionIcon>
            </Tooltip>
          );
        })}
      </Group>
      <ConfirmDialog
        opened={current !== null}
        title={current ? `${current.label}?` : ""}
        confirmLabel={current?.label ?? ""}
        danger={current?.danger ?? false}
        busy={run.isPending}
        error={run.isError ? errorMessage(run.error) : null}
        onCancel={() => {
          run.reset();
          setOp(null);
        }}
        onConfirm={() => {
          if (!op) return;
          // mutateAsync: the page may unmount this component (the stream is gone) before we navigate.
          run.mutateAsync({ id: stream.id, op }).then(
            () => {
              setOp(null);
              if (op === "delete") onDeleted?.();
            },
            () => undefined,
          );
        }}
      >
        <Text size="sm">
          <b>{stream.name}</b>: {current?.consequence}
        </Text>
      </ConfirmDialog>
    </>
  );
}
