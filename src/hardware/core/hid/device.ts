// The slice of node-hid the scanner manager uses: list the devices, open one, listen. The real adapter
// (hardware/node/hid/nodeHidBackend.ts) and the fake device (hardware/fakes/fakeHid.ts) both provide it.

/** One HID interface as HID.devices() lists it; a scanner often has several (keyboard, POS, vendor). */
export interface HidInterfaceInfo {
  vendorId: number;
  productId: number;
  path?: string;
  serialNumber?: string;
  manufacturer?: string;
  product?: string;
  interface?: number;
  usagePage?: number;
  usage?: number;
}

export interface HidDeviceHandle {
  /** Input reports; node-hid hands a Buffer, a Uint8Array subclass. */
  on(event: 'data', listener: (report: Uint8Array | number[]) => void): unknown;
  /** Read failures, above all the device being unplugged; no more data comes after one. */
  on(event: 'error', listener: (error: unknown) => void): unknown;
  removeAllListeners(): unknown;
  close(): void;
}

export interface HidBackend {
  /** Every HID interface present now. Rejects when the driver cannot be loaded. */
  devices(): Promise<HidInterfaceInfo[]>;
  /** Throws when the device is gone or access is denied. */
  open(device: HidInterfaceInfo): HidDeviceHandle;
}
