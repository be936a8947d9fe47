// quagga2's browser bundle is a UMD wrapper called with the global `window`, which a Web Worker does not have.
// Imported first in the decode worker so the bundle finds the worker's global scope under that name.
const scope = globalThis as unknown as { window?: unknown };
scope.window ??= globalThis;

export {};
