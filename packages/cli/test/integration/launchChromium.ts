/**
 * A real headless Chromium for the dashboard's browser test: Debian's `chromium`
 * (installed with apt-get when missing, as CI is a fresh machine run as root) driven
 * by playwright-core, with a fresh profile dir that `close()` removes with the browser.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { installDebianPackage } from "../../../../scripts/installDebianPackage.js";

const EXECUTABLE = "/usr/bin/chromium";
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface Chromium {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(viewport: {
  width: number;
  height: number;
}): Promise<Chromium> {
  const installed = installDebianPackage("chromium", "chromium");
  if (!installed.ok)
    throw new Error(`the dashboard's browser test needs Chromium: ${installed.note}`);
  const profile = mkdtempSync(join(tmpdir(), "rayx-chromium-"));
  try {
    // A persistent context is how playwright takes a profile dir (`--user-data-dir`).
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: EXECUTABLE,
      headless: true,
      args: ARGS,
      viewport,
      deviceScaleFactor: 1,
      timeout: 60_000,
    });
    return {
      context,
      close: async () => {
        await context.close().catch(() => undefined);
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
}
