// Timeouts that are not the thing under test scale with the machine: TEST_TIMEOUT_FACTOR (default 1, and 3
// under CI, where a shared 2-core box runs PGlite migrations and Chromium at once) multiplies every limit.
const raw = Number(process.env.TEST_TIMEOUT_FACTOR ?? (process.env.CI === 'true' ? 3 : 1));
export const timeoutFactor = Number.isFinite(raw) && raw >= 1 ? raw : 1;
export const scaled = (ms: number): number => Math.round(ms * timeoutFactor);
