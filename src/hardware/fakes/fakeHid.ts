// A stand-in for node-hid with devices that can be plugged, unplugged and fed report bytes. This machine's
// kernel has no uhid, so no virtual HID device can exist; the fake is the thinnest layer that behaves like
// node-hid at its interface: 'data' with report bytes, 'error' when the device goes away, open throws when
// it is absent or busy.
import type { HidBackend, HidDeviceHandle, HidInterfaceInfo } from '../core/hid/device';

type Listener = (arg: never) => void;

export class FakeHidDevice implements HidDeviceHandle {
  closed = false;
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(readonly info: HidInterfaceInfo) {}

  on(event: 'data' | 'error', listener: (arg: never) => void): this {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return this;
  }

  removeAllListeners(): this {
    this.listeners.clear();
    return this;
  }

  close(): void {
    this.closed = true;
    this.listeners.clear();
  }

  listenerCount(event: 'data' | 'error'): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  emit(event: 'data' | 'error', arg: unknown): void {
    // node-hid emits synchronously from its read loop; a throwing listener would surface there.
    for (const l of [...(this.listeners.get(event) ?? [])]) (l as (a: unknown) => void)(arg);
  }
}

export class FakeHidBackend implements HidBackend {
  private readonly present = new Map<string, HidInterfaceInfo>();
  /** Open handles by path, newest last. */
  readonly opened: FakeHidDevice[] = [];
  /** Set to make the next device listing fail, as when the native driver cannot load. */
  listFailure: Error | null = null;
  private readonly openFailures = new Map<string, number>();
  listCalls = 0;

  constructor(devices: HidInterfaceInfo[] = []) {
    for (const d of devices) this.plug(d);
  }

  async devices(): Promise<HidInterfaceInfo[]> {
    this.listCalls++;
    if (this.listFailure) throw this.listFailure;
    return [...this.present.values()].map((d) => ({ ...d }));
  }

  open(device: HidInterfaceInfo): HidDeviceHandle {
    const path = device.path ?? '';
    const info = this.present.get(path);
    if (!info) throw new Error(`cannot open device with path ${path}`);
    const failures = this.openFailures.get(path) ?? 0;
    if (failures > 0) {
      this.openFailures.set(path, failures - 1);
      throw new Error(`cannot open device with path ${path}`);
    }
    const handle = new FakeHidDevice(info);
    this.opened.push(handle);
    return handle;
  }

  plug(info: HidInterfaceInfo): void {
    if (!info.path) throw new Error('a fake HID device needs a path');
    this.present.set(info.path, { ...info });
  }

  /** Pulls the cable: the open handle gets node-hid's read error, and the device leaves the list. */
  unplug(path: string): void {
    this.present.delete(path);
    for (const h of this.opened) {
      if (h.info.path === path && !h.closed) h.emit('error', new Error('could not read from HID device'));
    }
  }

  /** The next `times` opens of this path fail (permission denied, device still settling). */
  failOpens(path: string, times: number): void {
    this.openFailures.set(path, times);
  }

  /** The live handle for a path: the one the manager reads from. */
  handle(path: string): FakeHidDevice | undefined {
    return [...this.opened].reverse().find((h) => h.info.path === path && !h.closed);
  }

  /** Sends report bytes from the device, as its read loop would. */
  send(path: string, reports: Iterable<Uint8Array | number[]>): void {
    const h = this.handle(path);
    if (!h) throw new Error(`no open fake HID device at ${path}`);
    for (const r of reports) h.emit('data', r);
  }
}

/** Interfaces of real scanners, as HID.devices() lists them on Linux (libusb). */
export const FAKE_SCANNERS = {
  /** Honeywell Voyager 1450g in HID POS mode: one POS interface. */
  honeywellPos: {
    vendorId: 0x0c2e,
    productId: 0x0b07,
    path: '1-1.2:1.0',
    manufacturer: 'Honeywell Imaging & Mobility',
    product: '1450g',
    serialNumber: '18012B4567',
    interface: 0,
    usagePage: 0x8c,
    usage: 0x02,
  },
  /** Zebra DS2208 in keyboard mode: a boot keyboard interface. */
  zebraKeyboard: {
    vendorId: 0x05e0,
    productId: 0x1200,
    path: '1-1.3:1.0',
    manufacturer: 'Zebra Technologies',
    product: 'Symbol Bar Code Scanner',
    serialNumber: 'S/N:21034010501234',
    interface: 0,
    usagePage: 0x01,
    usage: 0x06,
  },
  /** A USB mouse: listed by HID.devices(), never a scanner. */
  mouse: {
    vendorId: 0x046d,
    productId: 0xc077,
    path: '1-1.4:1.0',
    manufacturer: 'Logitech',
    product: 'USB Optical Mouse',
    interface: 0,
    usagePage: 0x01,
    usage: 0x02,
  },
} satisfies Record<string, HidInterfaceInfo>;
