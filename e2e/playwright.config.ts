// Playwright runs the browser tests against the real release server (started by global-setup
// on a free port with a fresh SQLite database) in Debian's Chromium.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  globalSetup: './fixtures/global-setup.ts',
  globalTeardown: './fixtures/global-teardown.ts',
  // "After conference" creates a new edition, which changes what every other test reads, so
  // it runs last, once the others have passed.
  projects: [
    { name: 'main', testIgnore: /after-conference\.spec\.ts/ },
    { name: 'after-conference', testMatch: /after-conference\.spec\.ts/, dependencies: ['main'] },
  ],
  use: {
    baseURL: process.env.REDLINE_BASE_URL,
    trace: 'off',
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
