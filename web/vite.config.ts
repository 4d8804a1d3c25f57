import { fileURLToPath } from "node:url";
import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const apiTarget = process.env.GLASSPANE_API_URL ?? "http://localhost:4000";

// Run from the repo root: `vite build --config web/vite.config.ts`. The server serves
// dist/web with an SPA fallback and a strict CSP, so everything (fonts included) is bundled.
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  plugins: [react(), tailwindcss()],
  build: {
    outDir: fileURLToPath(new URL("../dist/web", import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    // Libraries change less often than the app: separate chunks stay cached across releases.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            {
              name: "react",
              test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/,
            },
            {
              name: "ui",
              test: /node_modules[\\/](@radix-ui|@floating-ui|lucide-react|tailwind-merge)/,
            },
            // Charts load with the pages that draw them, not with every page.
            { name: "echarts", test: /node_modules[\\/](echarts|zrender)[\\/]/ },
            // Only what the first page load needs: a library reached by dynamic import alone
            // (mermaid and its d3, cytoscape, katex…) keeps its own lazily loaded chunks.
            { name: "vendor", test: /node_modules[\\/]/, tags: ["$initial"] },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      "/api": { target: apiTarget, changeOrigin: false, ws: true },
    },
  },
});
