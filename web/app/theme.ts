import { createTheme, type CSSVariablesResolver, type MantineColorsTuple } from "@mantine/core";

// A darker orange than the library's, so text and white-on-orange buttons pass WCAG AA contrast.
const brand: MantineColorsTuple = [
  "#fff4e6",
  "#ffe3c2",
  "#ffc78a",
  "#ffa94d",
  "#fd8c1e",
  "#f27a0c",
  "#d96507",
  "#bf5304",
  "#a04402",
  "#7f3501",
];

export const theme = createTheme({
  primaryColor: "brand",
  // Shade 8 in both schemes: white labels on filled buttons stay above 4.5:1.
  primaryShade: 8,
  colors: { brand },
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif",
  defaultRadius: "md",
  // Plain objects rather than `Modal.extend(…)`, so the theme does not pull the dialog code into the
  // first load. Every dialog's × gets an accessible name, and a dialog's title bar is a div: a second
  // <header> would be a second banner landmark.
  components: {
    Modal: { defaultProps: { closeButtonProps: { "aria-label": "Close" } } },
    ModalHeader: { defaultProps: { component: "div" } },
    Drawer: { defaultProps: { closeButtonProps: { "aria-label": "Close" } } },
  },
});

/**
 * Colours that must differ per scheme to keep WCAG AA contrast. Text uses `c="<color>"` (no shade),
 * which the library maps to `--mantine-color-<color>-text`; the defaults for red, teal and green
 * are too light on white, and fixed dark shades vanish on the dark background. The `--od-*`
 * tokens are ours (role chips, outcome chips, disabled package tiles).
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    "--mantine-color-dimmed": "#5c636a",
    "--mantine-color-red-text": "var(--mantine-color-red-9)",
    "--mantine-color-teal-text": "var(--mantine-color-teal-9)",
    "--mantine-color-green-text": "#1e6b30",
    // Text of "light" alerts, badges and buttons (a tint of the colour behind the colour itself): the
    // library's mid shades read at 2.5-3.5:1 on their own tint; these reach 4.5:1.
    "--mantine-color-orange-light-color": "#a04402",
    "--mantine-color-red-light-color": "var(--mantine-color-red-9)",
    // A field's error message (red 6 by default: 4:1 on white).
    "--mantine-color-error": "var(--mantine-color-red-9)",
    "--mantine-color-yellow-light-color": "#7a5200",
    "--mantine-color-green-light-color": "#1e6b30",
    "--mantine-color-teal-light-color": "var(--mantine-color-teal-9)",
    "--mantine-color-blue-light-color": "var(--mantine-color-blue-9)",
    "--mantine-color-gray-light-color": "var(--mantine-color-gray-8)",
    "--mantine-color-brand-light-color": "var(--mantine-color-brand-9)",
    "--od-success": "#1e6b30",
    "--od-danger": "#a51d1d",
    "--od-role-admin": "#a51d1d",
    "--od-role-user": "#1e6b30",
    "--od-role-readonly": "#0b5394",
    "--od-role-custom": "#5a32a3",
    "--od-role-card": "#1e6b30",
    "--od-tile-off-bg": "var(--mantine-color-gray-1)",
    "--od-tile-off-fg": "var(--mantine-color-gray-8)",
  },
  dark: {
    "--mantine-color-dimmed": "#b0b3b8",
    // The library's dark-scheme text shades of red, teal and green read at about 3.4:1 on the dark body.
    "--mantine-color-red-text": "#ff8787",
    "--mantine-color-error": "#ff8787",
    "--mantine-color-teal-text": "#63e6be",
    "--mantine-color-green-text": "#69db7c",
    "--od-success": "#69db7c",
    "--od-danger": "#ff8787",
    "--od-role-admin": "#ff8787",
    "--od-role-user": "#69db7c",
    "--od-role-readonly": "#74c0fc",
    "--od-role-custom": "#b197fc",
    "--od-role-card": "#1e6b30",
    "--od-tile-off-bg": "var(--mantine-color-dark-5)",
    "--od-tile-off-fg": "var(--mantine-color-dark-0)",
  },
});
