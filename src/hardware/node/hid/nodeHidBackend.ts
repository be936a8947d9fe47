// The real HidBackend over node-hid. The native binding loads on the first call, not at import, so a
// machine without libusb still starts the till (with the wedge) and the failure is reported, not thrown.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as nodeHid from 'node-hid';
import type { HidBackend, HidDeviceHandle, HidInterfaceInfo } from '../../core/hid/device';
import { topLevelUsage } from '../../core/hid/reportDescriptor';

export interface NodeHidBackendOptions {
  /**
   * Linux only. 'libusb' detaches a keyboard-mode scanner from the system keyboard while it is open, so its
   * scans are not typed into the window a second time; 'hidraw' leaves the kernel driver in place.
   */
  linuxDriver?: 'hidraw' | 'libusb';
  platform?: NodeJS.Platform;
  /** Where the kernel lists USB interfaces (tests point it at a made-up tree). */
  sysfsUsbDevices?: string;
}

/** A libusb path names the USB interface the way sysfs does: bus-port[.port...]:config.interface. */
const LIBUSB_PATH = /^\d+-[\d.]+:\d+\.\d+$/;
/** The HID device under a USB interface: bus:vendor:product.instance, e.g. 0003:0C2E:0B07.0001. */
const HID_NODE = /^[0-9A-F]{4}:[0-9A-F]{4}:[0-9A-F]{4}\.[0-9A-F]{4}$/i;

/**
 * hidapi's libusb driver lists every interface with usage page 0; the kernel still has each one's report
 * descriptor in sysfs, which tells a HID POS scanner from a keyboard from a mouse. An interface we hold open
 * (kernel driver detached) has none there; it keeps the usage 0, and the manager already knows its mode.
 */
export async function fillUsageFromSysfs(
  devices: HidInterfaceInfo[],
  sysfsUsbDevices = '/sys/bus/usb/devices',
): Promise<HidInterfaceInfo[]> {
  return Promise.all(
    devices.map(async (d) => {
      if ((d.usagePage !== undefined && d.usagePage !== 0) || !d.path || !LIBUSB_PATH.test(d.path)) return d;
      try {
        const dir = join(sysfsUsbDevices, d.path);
        const node = (await readdir(dir)).find((n) => HID_NODE.test(n));
        if (!node) return d;
        const usage = topLevelUsage(new Uint8Array(await readFile(join(dir, node, 'report_descriptor'))));
        return usage ? { ...d, ...usage } : d;
      } catch {
        return d; // no sysfs (a container), or the device left meanwhile
      }
    }),
  );
}

export function createNodeHidBackend(opts: NodeHidBackendOptions = {}): HidBackend {
  const platform = opts.platform ?? process.platform;
  const driver = platform === 'linux' ? (opts.linuxDriver ?? 'libusb') : null;
  if (driver) nodeHid.setDriverType(driver);
  return {
    async devices() {
      const list = await nodeHid.devicesAsync();
      const devices = list.map((d) => {
        const info: HidInterfaceInfo = { vendorId: d.vendorId, productId: d.productId };
        if (d.path) info.path = d.path;
        if (d.serialNumber) info.serialNumber = d.serialNumber;
        if (d.manufacturer) info.manufacturer = d.manufacturer;
        if (d.product) info.product = d.product;
        if (typeof d.interface === 'number') info.interface = d.interface;
        if (typeof d.usagePage === 'number') info.usagePage = d.usagePage;
        if (typeof d.usage === 'number') info.usage = d.usage;
        return info;
      });
      return driver === 'libusb' ? fillUsageFromSysfs(devices, opts.sysfsUsbDevices) : devices;
    },
    open(device) {
      const hid = device.path
        ? new nodeHid.HID(device.path)
        : new nodeHid.HID(device.vendorId, device.productId);
      return hid as unknown as HidDeviceHandle;
    },
  };
}

/** The hidapi version once the binding loads; throws when it cannot (no libusb, wrong architecture). */
export function hidapiVersion(): string {
  return nodeHid.getHidapiVersion();
}
