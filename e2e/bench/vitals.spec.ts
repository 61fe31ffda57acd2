// Lab web vitals for `make bench`, in Chromium with its CPU slowed 4× through the DevTools
// protocol (Emulation.setCPUThrottlingRate), in two network profiles: Lighthouse's mobile
// "Slow 4G" (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up) and none (loopback).
//
// - LCP and CLS of reader pages, read with PerformanceObserver (buffered) once the page has
//   hydrated (JavaScript on) or loaded (off) and a second has passed; CLS is the largest session
//   window of layout shifts without recent input, as web-vitals computes it. Baseline: the same
//   page with JavaScript disabled, in the same profile.
// - The delay of showing a diff: from the pointerdown of a click to the first frame painted
//   with the diff on screen (the diff element polled each animation frame, then a task after
//   that frame), and the longest Event Timing entry of the click (INP-style).
//
// Each measurement runs REDLINE_VITALS_RUNS times (5) in a fresh browser context (empty cache);
// the medians are compared with web.dev's targets. Writes $REDLINE_BENCH_OUT/vitals.json.
import { test, type Browser, type CDPSession, type Page } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

const BASE = process.env.REDLINE_BENCH_URL as string;
const RUNS = Number(process.env.REDLINE_VITALS_RUNS ?? 5);
const OUT = path.join(process.env.REDLINE_BENCH_OUT ?? '.', 'vitals.json');
const CPU_RATE = 4;
const SETTLE_MS = 1000;
const PAGES = (process.env.REDLINE_VITALS_PAGES ?? '/rules/2024/2,/rules/2024/6.I.1.C').split(',');
const TARGETS = { lcp_ms: 2500, cls: 0.1, interaction_ms: 200 };

type Network = { latency: number; downloadThroughput: number; uploadThroughput: number };
type Profile = { name: string; label: string; network: Network | null };
const PROFILES: Profile[] = [
  {
    name: 'cpu4x-slow4g',
    label: 'CPU 4× slower + Slow 4G (150 ms, 1.6 Mbit/s down, 750 kbit/s up)',
    // Bytes per second, as the DevTools protocol takes them.
    network: { latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 },
  },
  { name: 'cpu4x', label: 'CPU 4× slower, network not throttled (loopback)', network: null },
];

// Interactions that show a diff: a client-side navigation that fetches it from a server
// function and renders it.
const INTERACTIONS = [
  {
    name: 'history',
    label: 'clause page → “History of this rule” (a clause word diff)',
    page: '/rules/2024/4.A.I.2.A',
    click: '[data-testid="history-link"]',
    shows: '[data-testid="history-entry"] [data-testid="diff"]',
  },
  {
    name: 'compare',
    label: 'chapter page → “Compare” (2023 with 2024, every changed clause)',
    page: '/rules/2024/2',
    click: 'nav.site-nav a[href="/compare?from=2023&to=2024"]',
    shows: '[data-testid="compare"] [data-testid="diff"]',
  },
];

type PageRun = {
  lcp: number | null;
  lcp_element: string | null;
  cls: number;
  shifts: number;
  shift_sources: string[];
  fcp: number | null;
  html_loaded: number | null;
  hydrated: number | null;
};
type InteractionRun = {
  click_to_visible: number;
  event_duration: number | null;
  first_input_delay: number | null;
};

const median = (xs: (number | null)[]): number | null => {
  const v = xs.filter((x): x is number => typeof x === 'number').sort((a, b) => a - b);
  if (!v.length) return null;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};

/** Marks when the body gets data-hydrated="true" (set by the app once hydrated). */
function markHydration() {
  const w = window as unknown as { __hydratedAt: number | null };
  w.__hydratedAt = null;
  new MutationObserver(() => {
    if (w.__hydratedAt === null && document.body?.getAttribute('data-hydrated') === 'true') {
      w.__hydratedAt = performance.now();
    }
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-hydrated'] });
}

/** A fresh context (empty cache) and page, throttled before it loads anything. */
async function open(browser: Browser, profile: Profile, js: boolean) {
  const context = await browser.newContext({ javaScriptEnabled: js, baseURL: BASE });
  const page = await context.newPage();
  const cdp: CDPSession = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_RATE });
  if (profile.network) {
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, ...profile.network });
  }
  if (js) await page.addInitScript(markHydration);
  return { context, page, cdp };
}

/** Loads `url` and waits until it has hydrated (JavaScript on) or loaded, then SETTLE_MS. */
async function load(page: Page, url: string, js: boolean) {
  await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
  if (js) await page.locator('body[data-hydrated="true"]').waitFor({ state: 'attached', timeout: 120_000 });
  await page.waitForTimeout(SETTLE_MS);
}

/** LCP, CLS (largest session window), FCP, HTML loaded and hydration time of the page. */
async function readVitals(page: Page): Promise<PageRun> {
  // Synchronous: with JavaScript disabled the page runs no timers, but this evaluation (from
  // Playwright) still runs, and buffered entries can be taken at once with takeRecords().
  return page.evaluate(() => {
    const take = (type: string) => {
      const o = new PerformanceObserver(() => {});
      o.observe({ type, buffered: true });
      const entries = o.takeRecords();
      o.disconnect();
      return entries;
    };
    type Lcp = PerformanceEntry & { element?: Element | null; size: number };
    type Shift = PerformanceEntry & {
      value: number;
      hadRecentInput: boolean;
      sources?: { node?: Node | null }[];
    };
    const lcp = take('largest-contentful-paint') as Lcp[];
    const shifts = take('layout-shift') as Shift[];
    const last = lcp[lcp.length - 1];
    const describe = (n: Node | null | undefined) => {
      if (!n) return '(removed)';
      const e = n as Element;
      if (!e.tagName) return n.nodeName;
      const id = e.getAttribute('data-testid') ?? e.id ?? '';
      const cls = (e.getAttribute('class') ?? '').split(' ')[0];
      return `${e.tagName.toLowerCase()}${id ? `[${id}]` : ''}${cls ? `.${cls}` : ''}`;
    };
    // CLS as web-vitals counts it: the largest burst of shifts less than 1 s apart, at most
    // 5 s long.
    let cls = 0;
    let current = 0;
    let first = 0;
    let prev = 0;
    const counted = shifts.filter((x) => !x.hadRecentInput);
    for (const x of counted) {
      if (current && x.startTime - prev < 1000 && x.startTime - first < 5000) {
        current += x.value;
      } else {
        current = x.value;
        first = x.startTime;
      }
      prev = x.startTime;
      cls = Math.max(cls, current);
    }
    const sources = [...counted]
      .sort((a, b) => b.value - a.value)
      .slice(0, 3)
      .map((x) => `${(x.sources ?? []).map((y) => describe(y.node)).join('+')} (${x.value.toFixed(4)})`);
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    const text = last?.element?.textContent?.trim().slice(0, 40);
    return {
      lcp: last ? last.startTime : null,
      lcp_element: last ? `${describe(last.element)}${text ? ` “${text}…”` : ''}` : null,
      cls,
      shifts: counted.length,
      shift_sources: sources,
      fcp: fcp ? fcp.startTime : null,
      // responseEnd: emulated latency delays the body, not always responseStart.
      html_loaded: nav ? nav.responseEnd : null,
      hydrated: (window as unknown as { __hydratedAt?: number | null }).__hydratedAt ?? null,
    };
  });
}

/** Clicks `click` and times the diff `shows` coming on screen, plus the click's Event Timing. */
async function interact(page: Page, click: string, shows: string): Promise<InteractionRun> {
  await page.evaluate((shows) => {
    type W = { __events: { duration: number; interactionId: number }[]; __fid: number | null; __shown: Promise<number> };
    const w = window as unknown as W;
    w.__events = [];
    w.__fid = null;
    new PerformanceObserver((l) => {
      for (const e of l.getEntries() as (PerformanceEntry & { interactionId: number })[]) {
        w.__events.push({ duration: e.duration, interactionId: e.interactionId });
      }
    }).observe({ type: 'event', buffered: true, durationThreshold: 16 } as PerformanceObserverInit);
    new PerformanceObserver((l) => {
      const e = l.getEntries()[0] as PerformanceEntry & { processingStart: number };
      if (e) w.__fid = e.processingStart - e.startTime;
    }).observe({ type: 'first-input', buffered: true });
    w.__shown = new Promise<number>((resolve) => {
      let start: number | null = null;
      addEventListener('pointerdown', (e) => (start ??= e.timeStamp), { capture: true });
      const look = () => {
        const el = document.querySelector(shows);
        if (start !== null && el && el.getBoundingClientRect().height > 0) {
          // This frame paints it; a task queued now runs once it is painted.
          const t0 = start;
          setTimeout(() => resolve(performance.now() - t0), 0);
        } else {
          requestAnimationFrame(look);
        }
      };
      requestAnimationFrame(look);
    });
  }, shows);
  await page.locator(click).first().click();
  const clickToVisible = await page.evaluate(
    () => (window as unknown as { __shown: Promise<number> }).__shown,
  );
  await page.waitForTimeout(500); // Event Timing entries are delivered after the next paint
  const { events, fid } = await page.evaluate(() => {
    const w = window as unknown as { __events: { duration: number; interactionId: number }[]; __fid: number | null };
    return { events: w.__events, fid: w.__fid };
  });
  const durations = events.filter((e) => e.interactionId > 0).map((e) => e.duration);
  return {
    click_to_visible: clickToVisible,
    event_duration: durations.length ? Math.max(...durations) : null, // null: every entry < 16 ms
    first_input_delay: fid,
  };
}

test('lab web vitals with CPU throttling', async ({ browser }) => {
  const results = {
    base_url: BASE,
    chromium: browser.version(),
    cpu_throttling_rate: CPU_RATE,
    runs: RUNS,
    settle_ms: SETTLE_MS,
    viewport: '1280×720',
    targets: TARGETS,
    profiles: PROFILES,
    pages: [] as object[],
    interactions: [] as object[],
    errors: [] as string[],
  };
  const save = () => writeFileSync(OUT, JSON.stringify(results, null, 2));
  // One measurement that fails is recorded and the others still run; the test fails at the end.
  const attempt = async (what: string, body: () => Promise<void>) => {
    try {
      await test.step(what, body);
    } catch (e) {
      results.errors.push(`${what}: ${(e as Error).message.split('\n')[0]}`);
      console.log(`FAILED ${what}: ${(e as Error).message}`);
    }
    save();
  };
  // Warm the server (its page cache) once, unmeasured.
  for (const p of [...PAGES, ...INTERACTIONS.map((i) => i.page)]) {
    const res = await fetch(new URL(p, BASE));
    if (!res.ok) throw new Error(`${p}: HTTP ${res.status}`);
  }
  for (const profile of PROFILES) {
    for (const url of PAGES) {
      for (const js of [true, false]) {
        await attempt(`${profile.name} ${url} js=${js}`, async () => {
          const runs: PageRun[] = [];
          for (let i = 0; i < RUNS; i++) {
            const { context, page } = await open(browser, profile, js);
            try {
              await load(page, url, js);
              runs.push(await readVitals(page));
            } finally {
              await context.close();
            }
          }
          const m = (k: keyof PageRun) => median(runs.map((r) => r[k] as number | null));
          const med = {
            lcp: m('lcp'),
            cls: m('cls'),
            fcp: m('fcp'),
            html_loaded: m('html_loaded'),
            hydrated: m('hydrated'),
          };
          results.pages.push({ profile: profile.name, path: url, js, median: med, runs });
          console.log(`${profile.name} ${url} js=${js}: LCP ${med.lcp?.toFixed(0)} ms, CLS ${med.cls?.toFixed(4)}`);
        });
      }
    }
    for (const it of INTERACTIONS) {
      await attempt(`${profile.name} ${it.name}`, async () => {
        const runs: InteractionRun[] = [];
        for (let i = 0; i < RUNS; i++) {
          const { context, page } = await open(browser, profile, true);
          try {
            await load(page, it.page, true);
            runs.push(await interact(page, it.click, it.shows));
          } finally {
            await context.close();
          }
        }
        // An interaction without any Event Timing entry took < 16 ms: counted as 0.
        const m = (k: keyof InteractionRun) => median(runs.map((r) => r[k] ?? 0));
        const med = {
          click_to_visible: m('click_to_visible'),
          event_duration: m('event_duration'),
          first_input_delay: m('first_input_delay'),
        };
        results.interactions.push({ profile: profile.name, name: it.name, label: it.label, page: it.page, median: med, runs });
        console.log(`${profile.name} ${it.name}: click → diff ${med.click_to_visible?.toFixed(0)} ms, event ${med.event_duration} ms`);
      });
    }
  }
  save();
  if (results.errors.length) throw new Error(`some measurements failed:\n${results.errors.join('\n')}`);
});
