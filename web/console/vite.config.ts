// Vite build of the console (served by `qiao serve` from QIAO_HTTP_CONSOLE_DIR) and the dev
// server, which proxies GraphQL (HTTP and WebSocket) to a locally running backend.
import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

const backend = process.env.QIAO_DEV_BACKEND ?? "http://127.0.0.1:8080";

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      "/graphql": { target: backend, ws: true },
    },
  },
  build: {
    outDir: "dist",
    sourcemap: true,
  },
  test: {
    // Logic runs in node; a component test names its DOM in a first-line comment
    // (`// @vitest-environment happy-dom`).
    environment: "node",
    include: ["src/**/*.test.{ts,tsx}"],
  },
});
