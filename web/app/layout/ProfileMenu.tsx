import { ActionIcon, Menu } from "@mantine/core";
import { IconLogout, IconUserCircle } from "@tabler/icons-react";
import { Link } from "react-router";
import type { AccountEntry } from "./navigation.js";

/** Desktop: the profile icon at the top right with the account entries (loaded by ProfileButton). */
export function ProfileMenu({
  email,
  entries,
  onLogout,
  defaultOpened,
}: {
  email: string | undefined;
  entries: AccountEntry[];
  onLogout: () => void;
  defaultOpened?: boolean;
}) {
  return (
    // Kept inside the header landmark, and without the library's focus placeholder, which axe
    // reports as an invalid child of role="menu".
    <Menu
      position="bottom-end"
      width={220}
      shadow="md"
      withinPortal={false}
      withInitialFocusPlaceholder={false}
      defaultOpened={defaultOpened ?? false}
    >
      <Menu.Target>
        <ActionIcon variant="subtle" color="white" size="lg" aria-label="Account menu" aria-haspopup="menu">
          <IconUserCircle size={26} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        {email && <Menu.Label>{email}</Menu.Label>}
        {entries.map((e) => (
          <Menu.Item key={e.to} component={Link} to={e.to}>
            {e.label}
          </Menu.Item>
        ))}
        <Menu.Divider />
        <Menu.Item leftSection={<IconLogout size={16} />} onClick={onLogout}>
          Logout
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
