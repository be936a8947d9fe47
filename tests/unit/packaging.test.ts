// electron-builder.yml cannot be tried here (no Electron binary to package), so its promises are checked as
// data: valid against electron-builder's own schema, the files it names exist, and the security settings hold.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parse } from 'yaml';
import { Ajv } from 'ajv';

const root = fileURLToPath(new URL('../..', import.meta.url));
const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown> & {
  electronFuses: Record<string, boolean>;
  files: string[];
  asarUnpack: string[];
  directories: { buildResources: string };
  extraResources: { from: string; to: string }[];
  win: { icon: string; target: { target: string; arch: string[] }[] };
  linux: { icon: string; target: { target: string; arch: string[] }[] };
  deb: { afterInstall: string; afterRemove: string };
};

/** Options whose value is a file in the repository (electron-builder's names for them). */
const FILE_KEYS = new Set([
  'icon',
  'installerIcon',
  'uninstallerIcon',
  'installerHeaderIcon',
  'installerSidebar',
  'uninstallerSidebar',
  'license',
  'include',
  'script',
  'afterInstall',
  'afterRemove',
  'from',
  'entitlements',
  'afterPack',
  'afterSign',
  'beforeBuild',
]);

/** Every file path the config names, anywhere in it (target options, extra resources, hooks). */
function filesNamedIn(node: unknown, key = ''): string[] {
  if (typeof node === 'string') return FILE_KEYS.has(key) ? [node] : [];
  if (Array.isArray(node)) return node.flatMap((v) => filesNamedIn(v, key));
  if (node && typeof node === 'object')
    return Object.entries(node).flatMap(([k, v]) =>
      filesNamedIn(v, k === 'from' || FILE_KEYS.has(k) ? k : ''),
    );
  return [];
}

describe('electron-builder.yml', () => {
  it("is valid against electron-builder's own schema", () => {
    const schema = JSON.parse(
      readFileSync(join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8'),
    ) as object;
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile(schema);
    const valid = validate(config);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(valid).toBe(true);
  });

  it('names the app and keeps the app:// data across updates', () => {
    expect(config.appId).toBe('com.retail.storeterminal');
    expect(typeof config.productName).toBe('string');
    expect(config.directories.buildResources).toBe('build');
    expect(config.files).toEqual(expect.arrayContaining(['dist/**', 'package.json']));
  });

  it('burns the security fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('never rebuilds native modules and unpacks them from the asar (node-hid#529)', () => {
    expect(config.npmRebuild).toBe(false);
    expect(config.buildDependenciesFromSource).toBe(false);
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('**/*.node');
  });

  it('writes update feeds for a generic server, set per store at run time', () => {
    expect(config.publish).toEqual([
      expect.objectContaining({ provider: 'generic', url: expect.stringMatching(/\.invalid\//) }),
    ]);
    // A per-machine install would need an administrator (a UAC prompt) for every update.
    expect((config as { nsis?: { perMachine?: boolean } }).nsis?.perMachine).toBe(false);
  });

  it('publishes over https only and ships signed updates that electron-updater verifies (decision 0046)', () => {
    const publish = config.publish as { url: string; publisherName?: string[] }[];
    for (const p of publish) expect(new URL(p.url).protocol, p.url).toBe('https:');
    const win = config.win as unknown as {
      forceCodeSigning?: boolean;
      verifyUpdateCodeSignature?: boolean;
      signtoolOptions?: { publisherName?: string[]; signingHashAlgorithms?: string[] };
    };
    // An unsigned build fails instead of shipping; a downloaded update installs only with a valid signature
    // of a named publisher (electron-updater reads publisherName from app-update.yml).
    expect(win.forceCodeSigning).toBe(true);
    expect(win.verifyUpdateCodeSignature).toBe(true);
    expect(win.signtoolOptions?.publisherName?.length).toBeGreaterThan(0);
    expect(win.signtoolOptions?.signingHashAlgorithms).toEqual(['sha256']);
    expect(publish[0]!.publisherName).toEqual(win.signtoolOptions?.publisherName);
    // No certificate or password in the repository: they come from the build machine's environment.
    const text = readFileSync(join(root, 'electron-builder.yml'), 'utf8');
    expect(text).not.toMatch(/certificateFile|certificatePassword|CSC_KEY_PASSWORD:/);
  });

  it('targets Windows NSIS x64 and Linux AppImage + deb', () => {
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.linux.target.map((t) => t.target)).toEqual(['AppImage', 'deb']);
  });

  it('names only files that exist', () => {
    const named = filesNamedIn(config);
    // The walk must find what the config is known to name, or it proves nothing.
    expect(named).toEqual(
      expect.arrayContaining([
        config.win.icon,
        config.linux.icon,
        config.deb.afterInstall,
        config.deb.afterRemove,
        ...config.extraResources.map((r) => r.from),
      ]),
    );
    for (const file of named) expect(existsSync(join(root, file)), file).toBe(true);
    expect(existsSync(join(root, 'vite.main.config.ts'))).toBe(true);
    expect(existsSync(join(root, 'vite.preload.config.ts'))).toBe(true);
  });

  it('ships the udev rule for HID scanners with the Linux packages', () => {
    expect(config.extraResources).toContainEqual({
      from: 'build/udev/70-pos-scanners.rules',
      to: 'udev/70-pos-scanners.rules',
    });
    const rules = readFileSync(join(root, 'build/udev/70-pos-scanners.rules'), 'utf8')
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('#'));
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      expect(rule).toMatch(/^SUBSYSTEM=="(hidraw|usb)", ATTRS\{idVendor\}=="[0-9a-f]{4}"/);
      expect(rule).toContain('TAG+="uaccess"');
      expect(rule).not.toMatch(/MODE="0666"/);
    }
    const install = readFileSync(join(root, config.deb.afterInstall), 'utf8');
    expect(install).toContain('resources/udev/70-pos-scanners.rules');
    expect(install).toContain('/etc/udev/rules.d/70-pos-scanners.rules');
  });

  it('uses only the macros electron-builder defines in the deb scripts', () => {
    for (const script of [config.deb.afterInstall, config.deb.afterRemove]) {
      const text = readFileSync(join(root, script), 'utf8');
      const macros = [...text.matchAll(/\$\{([a-zA-Z]+)\}/g)].map((m) => m[1]);
      for (const m of macros)
        expect(['executable', 'sanitizedProductName', 'productFilename'], `${script}: ${m}`).toContain(m);
      expect(statSync(join(root, script)).mode & 0o111, `${script} is executable`).not.toBe(0);
    }
  });

  it('has a 512x512 PNG icon', () => {
    const png = readFileSync(join(root, 'build/icon.png'));
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(512);
    expect(png.readUInt32BE(20)).toBe(512);
  });

  it('ships exactly the native modules the main process keeps out of its bundle (decision 0006)', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    const viteMain = readFileSync(join(root, 'vite.main.config.ts'), 'utf8');
    const deps = Object.keys(pkg.dependencies ?? {}).sort();
    expect(deps).toEqual(['node-hid', 'serialport']);
    for (const d of deps) expect(viteMain, `${d} must stay external in the main bundle`).toContain(`'${d}'`);
  });
});
