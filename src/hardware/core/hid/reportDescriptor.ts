// The top-level usage of a HID interface from its report descriptor: the first Usage Page and Usage before
// the first Collection. hidapi's libusb driver leaves them 0 (reading them would detach the kernel driver),
// so on Linux they are read from the descriptor the kernel exposes in sysfs.
export function topLevelUsage(desc: Uint8Array): { usagePage: number; usage: number } | null {
  let usagePage: number | undefined;
  let usage: number | undefined;
  let i = 0;
  while (i < desc.length) {
    const prefix = desc[i]!;
    if (prefix === 0xfe) {
      // Long item: size in the next byte, never a usage.
      i += 3 + (desc[i + 1] ?? 0);
      continue;
    }
    const size = [0, 1, 2, 4][prefix & 0x03]!;
    let value = 0;
    for (let b = 0; b < size; b++) value |= (desc[i + 1 + b] ?? 0) << (8 * b);
    const tag = prefix & 0xfc;
    if (tag === 0x04)
      usagePage = value >>> 0; // global: Usage Page
    else if (tag === 0x08) {
      // local: Usage; a 4-byte one carries its own page in the high half
      if (size === 4) {
        usagePage = value >>> 16;
        usage = value & 0xffff;
      } else usage = value;
    } else if (tag === 0xa0) break; // main: Collection
    i += 1 + size;
  }
  return usagePage !== undefined && usage !== undefined ? { usagePage, usage } : null;
}
