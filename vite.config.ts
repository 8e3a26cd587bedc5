import react from "@vitejs/plugin-react";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import { precompressPlugin } from "./scripts/precompress.js";

// React Router's package resolves to its development build unless told otherwise; production builds
// take the production one (no dev warnings, smaller).
export default defineConfig(({ command }) => ({
  root: "web",
  resolve:
    command === "build"
      ? {
          alias: [
            {
              find: /^react-router$/,
              replacement: fileURLToPath(
                new URL("node_modules/react-router/dist/production/index.mjs", import.meta.url),
              ),
            },
          ],
        }
      : {},
  // .br and .gz beside each built file, served by Accept-Encoding (server/platform/dashboard.ts).
  plugins: [react(), precompressPlugin()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
    manifest: true,
    // The popup positioning engine in a chunk of its own: left to the bundler it shares a chunk with
    // small helpers every page needs, and the first page would download it for nothing.
    rolldownOptions: {
      output: {
        codeSplitting: {
          includeDependenciesRecursively: false,
          groups: [{ name: "floating-ui", test: /node_modules[\\/]@floating-ui[\\/]/ }],
        },
      },
    },
  },
  server: { proxy: { "/api": "http://localhost:3000", "/vod": "http://localhost:3000" } },
}));
