import { Drawer, NavLink, Stack, Text } from "@mantine/core";
import { IconLogout } from "@tabler/icons-react";
import { Link } from "react-router";
import type { AccountEntry } from "./navigation.js";

/** Phones: the hamburger's drawer with the main sections and an Account section. */
export function MobileMenu(props: {
  opened: boolean;
  onClose: () => void;
  email: string | undefined;
  sections: AccountEntry[];
  entries: AccountEntry[];
  onLogout: () => void;
}) {
  const { opened, onClose, email, sections, entries, onLogout } = props;
  return (
    <Drawer.Root opened={opened} onClose={onClose} size="80%">
      <Drawer.Overlay />
      <Drawer.Content>
        {/* A div, not the library's <header>: a second banner landmark confuses screen readers. */}
        <Drawer.Header component="div">
          <Drawer.Title>Menu</Drawer.Title>
          <Drawer.CloseButton aria-label="Close menu" />
        </Drawer.Header>
        <Drawer.Body>
          <nav aria-label="Main">
            <Stack gap={4} mb="md">
              {sections.map((e) => (
                <NavLink key={e.to} component={Link} to={e.to} label={e.label} onClick={onClose} />
              ))}
            </Stack>
          </nav>
          <nav aria-label="Account">
            <Stack gap={4}>
              <Text size="xs" fw={700} tt="uppercase" c="dimmed">
                Account
              </Text>
              {email && (
                <Text size="sm" c="dimmed" mb="xs">
                  {email}
                </Text>
              )}
              {entries.map((e) => (
                <NavLink key={e.to} component={Link} to={e.to} label={e.label} onClick={onClose} />
              ))}
              <NavLink
                component="button"
                label="Logout"
                leftSection={<IconLogout size={16} />}
                onClick={() => {
                  onClose();
                  onLogout();
                }}
              />
            </Stack>
          </nav>
        </Drawer.Body>
      </Drawer.Content>
    </Drawer.Root>
  );
}
