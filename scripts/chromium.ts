// The machine's Chromium (Debian package) and the flags that keep it quiet on a closed network; the e2e suite and
// the benchmarks launch it the same way. `npx playwright install` cannot download a browser here.
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
