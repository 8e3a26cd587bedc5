import { createTheme, type MantineColorsTuple } from "@mantine/core";

// A darker orange than the library's, so text and white-on-orange buttons pass WCAG AA contrast.
const brand: MantineColorsTuple = ["#fff4e6", "#ffe3c2", "#ffc78a", "#ffa94d", "#fd8c1e", "#f27a0c", "#d96507", "#bf5304", "#a04402", "#7f3501"];

export const theme = createTheme({
  primaryColor: "brand",
  primaryShade: { light: 8, dark: 6 },
  colors: { brand },
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif",
  defaultRadius: "md",
});
