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

/** Chromium's fake camera playing a .y4m file (absolute path) in a loop, the permission prompt answered yes. */
export function fakeCameraFlags(y4mPath: string): string[] {
  return [
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-video-capture=${y4mPath}`,
  ];
}
