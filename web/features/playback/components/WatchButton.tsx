import { Button } from "@mantine/core";
import { IconPlayerPlay } from "@tabler/icons-react";
import { useRef, useState } from "react";
import type { StreamResponse } from "../../../../contract/stream.js";
import { lazyDialog } from "../../../components/lazy-dialog.js";

const WatchDialog = lazyDialog(async () => (await import("./WatchDialog.js")).WatchDialog);

/** The stream page's Watch quick action; absent without H5Live (nothing to play). */
export function WatchButton({ stream }: { stream: StreamResponse }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  // The dialog mounts already open (lazy), so the library has no element to give focus back to.
  const close = () => {
    setOpen(false);
    setTimeout(() => button.current?.focus(), 0);
  };
  if (!stream.playout) return null;
  return (
    <>
      <Button
        ref={button}
        size="xs"
        leftSection={<IconPlayerPlay size={16} aria-hidden />}
        onClick={() => setOpen(true)}
      >
        Watch
      </Button>
      <WatchDialog
        opened={open}
        onClose={close}
        name={stream.name}
        hls={stream.playout.hls}
        live={stream.state === "live"}
      />
    </>
  );
}
