// Lab web vitals for `make bench` (scripts/bench.sh runs it as
// `npx playwright test -c bench/vitals.config.ts`). Not part of `make test`: the test config
// (../playwright.config.ts) only looks in ../tests. It starts no server: it measures the one
// named by REDLINE_BENCH_URL, and writes $REDLINE_BENCH_OUT/vitals.json.
import { defineConfig } from '@playwright/test';
import { tmpdir } from 'node:os';
import path from 'node:path';

if (!process.env.REDLINE_BENCH_URL) {
  throw new Error('set REDLINE_BENCH_URL to the URL of a running server (e.g. http://127.0.0.1:3000)');
}

export default defineConfig({
  testDir: '.',
  testMatch: /vitals\.spec\.ts$/,
  // Every measurement is repeated (REDLINE_VITALS_RUNS, 5) on slowed-down CPU and network.
  timeout: 40 * 60_000,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  // Failure artefacts away from the browser tests' test-results/.
  outputDir: path.join(tmpdir(), 'redline-vitals-results'),
  use: {
    baseURL: process.env.REDLINE_BENCH_URL,
    trace: 'off',
    viewport: { width: 1280, height: 720 },
    // The same browser and flags as the browser tests.
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
