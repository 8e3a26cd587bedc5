import { ActionIcon, Group, Text } from "@mantine/core";
import { Hint } from "../../../components/Hint.js";
import { IconLock, IconLockOpen, IconPlayerStop, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import type { StreamResponse } from "../../../../contract/stream.js";
import { ConfirmDialog } from "../../../components/ConfirmDialog.js";
import { lazyDialog } from "../../../components/lazy-dialog.js";
import { errorMessage } from "../../../lib/api.js";
import { useCan } from "../../../lib/me.js";
import { streamOpsFrom, type StreamOp } from "../../../../contract/stream-states.js";
import { useStreamOp } from "../api/streams.js";

// Loaded the first time a media server could not be reached: long lists carry no modal per row.
const UnreachedNodesDialog = lazyDialog(async () => (await import("./UnreachedNodesDialog.js")).UnreachedNodesDialog);

const OPS: Record<
  StreamOp,
  {
    label: string;
    icon: typeof IconLock;
    permission: "StreamWithId.Stop" | "StreamWithId.Lock" | "StreamWithId.Unlock" | "StreamWithId.Delete";
    consequence: string;
    danger: boolean;
  }
> = {
  stop: {
    label: "Stop stream",
    icon: IconPlayerStop,
    permission: "StreamWithId.Stop",
    consequence:
      "The encoder is disconnected from the media servers now and the stream is marked ended. It may publish again unless the stream is locked.",
    danger: false,
  },
  lock: {
    label: "Lock stream",
    icon: IconLock,
    permission: "StreamWithId.Lock",
    consequence:
      "The encoder and every viewer are disconnected now, and every publish and play is refused until the stream is unlocked.",
    danger: true,
  },
  unlock: {
    label: "Unlock stream",
    icon: IconLockOpen,
    permission: "StreamWithId.Unlock",
    consequence: "The stream may be published again (subject to your webhook).",
    danger: false,
  },
  delete: {
    label: "Delete stream",
    icon: IconTrash,
    permission: "StreamWithId.Delete",
    consequence: "The stream and its tags are removed for good; its name is never reused and every publish is refused.",
    danger: true,
  },
};

/** Stop / lock / unlock / delete, each for permitted roles only and each confirmed. */
export function StreamActions({ stream, onDeleted }: { stream: StreamResponse; onDeleted?: () => void }) {
  const can = useCan();
  const run = useStreamOp();
  const [op, setOp] = useState<StreamOp | null>(null);
  // Media servers a stop, lock or delete could not reach; after a delete, leaving the page waits for "OK".
  const [unreached, setUnreached] = useState<{ nodes: string[]; deleted: boolean } | null>(null);
  const closeUnreached = () => {
    if (unreached?.deleted) onDeleted?.();
    setUnreached(null);
  };
  const allowed = streamOpsFrom(stream.state).filter((o) => can(OPS[o].permission));
  if (allowed.length === 0) return null;
  const current = op ? OPS[op] : null;
  return (
    <>
      <Group gap={4} wrap="nowrap">
        {allowed.map((o) => {
          const { label, icon: Icon, danger } = OPS[o];
          return (
            <Hint key={o} label={label}>
              <ActionIcon
                variant="subtle"
                color={danger ? "red" : "gray"}
                aria-label={`${label} ${stream.name}`}
                onClick={() => setOp(o)}
              >
                <Icon size={18} />
              </ActionIcon>
            </Hint>
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
            (answer) => {
              setOp(null);
              const missed = (answer as { unreachedNodes?: string[] }).unreachedNodes;
              if (missed?.length) setUnreached({ nodes: missed, deleted: op === "delete" });
              else if (op === "delete") onDeleted?.();
            },
            () => undefined,
          );
        }}
      >
        <Text size="sm">
          <b>{stream.name}</b>: {current?.consequence}
        </Text>
      </ConfirmDialog>
      <UnreachedNodesDialog
        opened={unreached !== null}
        onClose={closeUnreached}
        streamName={stream.name}
        nodes={unreached?.nodes ?? []}
      />
    </>
  );
}
