import { ActionIcon, useComputedColorScheme, useMantineColorScheme } from "@mantine/core";
import { Hint } from "../../components/Hint.js";
import { IconMoon, IconSun } from "@tabler/icons-react";

/** Flips between light and dark; until the first click the OS preference decides. */
export function ColorSchemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme("light");
  return (
    <Hint label={scheme === "dark" ? "Light theme" : "Dark theme"}>
      <ActionIcon
        variant="subtle"
        color="white"
        size="lg"
        aria-label="Toggle color scheme"
        onClick={() => setColorScheme(scheme === "dark" ? "light" : "dark")}
      >
        {scheme === "dark" ? <IconSun size={20} /> : <IconMoon size={20} />}
      </ActionIcon>
    </Hint>
  );
}
