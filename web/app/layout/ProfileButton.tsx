import { ActionIcon } from "@mantine/core";
import { IconUserCircle } from "@tabler/icons-react";
import { lazy, Suspense, useState } from "react";
import type { AccountEntry } from "./navigation.js";

const loadMenu = () => import("./ProfileMenu.js");
const ProfileMenu = lazy(async () => ({ default: (await loadMenu()).ProfileMenu }));

type Props = { email: string | undefined; entries: AccountEntry[]; onLogout: () => void };

/**
 * The profile icon. The menu's code (and its positioning engine) loads when the pointer or focus
 * first reaches the icon, so the first page does not carry it; a click before it arrives opens the
 * menu as soon as it has.
 */
export function ProfileButton(props: Props) {
  const [state, setState] = useState<"idle" | "loading" | "open">("idle");
  const warm = () => void loadMenu();
  const icon = (
    <ActionIcon
      variant="subtle"
      color="white"
      size="lg"
      aria-label="Account menu"
      aria-haspopup="menu"
      onPointerEnter={warm}
      onFocus={warm}
      onClick={() => setState("open")}
    >
      <IconUserCircle size={26} />
    </ActionIcon>
  );
  if (state === "idle") return icon;
  return (
    <Suspense fallback={icon}>
      <ProfileMenu {...props} defaultOpened={state === "open"} />
    </Suspense>
  );
}
