import { Modal } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { Player } from "./Player.js";

export interface WatchDialogProps {
  opened: boolean;
  onClose: () => void;
  name: string;
  hls: string;
  live: boolean;
}

/** The player in a dialog; its code and hls.js load only when someone presses Watch. */
export function WatchDialog({ opened, onClose, name, hls, live }: WatchDialogProps) {
  const phone = useMediaQuery("(max-width: 600px)") ?? false;
  return (
    <Modal opened={opened} onClose={onClose} title={`Watch ${name}`} size="xl" fullScreen={phone} centered>
      {/* Unmounted when closed: the player stops fetching the moment the dialog goes. */}
      {opened && <Player src={hls} live={live} title={name} />}
    </Modal>
  );
}
