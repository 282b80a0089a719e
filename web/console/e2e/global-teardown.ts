// Removes the temporary data directory that playwright.config.ts made for the backend.
import { rmSync } from "node:fs";

export default function globalTeardown(): void {
  const dir = process.env.QIAO_E2E_DATA_DIR;
  if (dir && process.env.QIAO_E2E_DATA_DIR_CREATED === "1") {
    rmSync(dir, { recursive: true, force: true });
  }
}
