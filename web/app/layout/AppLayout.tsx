import { Box, Burger, Container, Group, Text, VisuallyHidden } from "@mantine/core";
import { useDisclosure, useMediaQuery } from "@mantine/hooks";
import { Link, NavLink as RouterNavLink, Outlet, useNavigate } from "react-router";
import { useLogout } from "../../features/auth/api/logout.js";
import { useOrganisation } from "../../features/organisation/api/organisation.js";
import { lazyDialog } from "../../components/lazy-dialog.js";
import { useCan, useMe } from "../../lib/me.js";
import { useLiveUpdates } from "../../lib/use-live-updates.js";
import classes from "./AppLayout.module.css";
import { BrandMark } from "./BrandMark.js";
import { ColorSchemeToggle } from "./ColorSchemeToggle.js";
import { ACCOUNT_ENTRIES, MAIN_ENTRIES } from "./navigation.js";
import { ProfileButton } from "./ProfileButton.js";

// The phone drawer loads when first opened: most visits never open it.
const MobileMenu = lazyDialog(async () => (await import("./MobileMenu.js")).MobileMenu);

const HEADER_HEIGHT = 56;

/** A sticky header over the page. A plain layout: the library's app shell is more than this needs. */
export function AppLayout() {
  // The phone layout takes over at 600 px and below.
  const phone = useMediaQuery("(max-width: 600px)") ?? false;
  const [menuOpen, menu] = useDisclosure(false);
  // One live-update stream per tab keeps lists and pages current without reloads.
  useLiveUpdates();
  const me = useMe();
  const can = useCan();
  const logout = useLogout();
  const navigate = useNavigate();
  const entries = ACCOUNT_ENTRIES.filter((e) => !e.permission || can(e.permission));
  const sections = MAIN_ENTRIES.filter((e) => !e.permission || can(e.permission));
  const email = me.data?.user.email;
  const trial = useOrganisation().data?.trial ?? false;
  const signOut = () => logout.mutate(undefined, { onSettled: () => void navigate("/login", { replace: true }) });

  return (
    <>
      {/* The first stop of the Tab key: past the header straight to the page's content. */}
      <a href="#main" className={classes.skip}>
        Skip to main content
      </a>
      <Box component="header" bg="brand.8" h={HEADER_HEIGHT} pos="sticky" top={0} style={{ zIndex: 100 }}>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            {phone && (
              <Burger
                opened={menuOpen}
                onClick={menu.toggle}
                color="white"
                size="sm"
                aria-label="Open menu"
                aria-expanded={menuOpen}
              />
            )}
            {/* Named by what it shows ("Trial orgdeck") plus a hidden "home", so speech and sight agree. */}
            <Link to="/organisation/overview" style={{ textDecoration: "none" }}>
              <BrandMark inverted trial={trial} />
              <VisuallyHidden>home</VisuallyHidden>
            </Link>
            {!phone && (
              <nav aria-label="Main">
                <Group gap="md" ml="lg">
                  {sections.map((e) => (
                    <Text
                      key={e.to}
                      component={RouterNavLink}
                      to={e.to}
                      c="white"
                      fw={600}
                      size="sm"
                      style={{ textDecoration: "none" }}
                    >
                      {e.label}
                    </Text>
                  ))}
                </Group>
              </nav>
            )}
          </Group>
          <Group gap="xs" wrap="nowrap">
            <ColorSchemeToggle />
            {!phone && <ProfileButton email={email} entries={entries} onLogout={signOut} />}
          </Group>
        </Group>
      </Box>

      {phone && (
        <MobileMenu
          opened={menuOpen}
          onClose={menu.close}
          email={email}
          sections={sections}
          entries={entries}
          onLogout={signOut}
        />
      )}

      {/* tabIndex -1: the skip link and a closed dialog whose opener is gone can put focus here. */}
      <Box component="main" id="main" tabIndex={-1} p="md" style={{ outline: "none" }}>
        <Container size="xl" px={0}>
          <Outlet />
        </Container>
      </Box>
    </>
  );
}
