import { describe, expect, it } from 'vitest';
import { createScanHub } from './scanHub';

describe('scanHub', () => {
  it('delivers valid scans to every listener until unsubscribed, and refuses malformed ones', () => {
    const errors: unknown[] = [];
    const hub = createScanHub((e) => errors.push(e));
    const got: string[] = [];
    const off = hub.subscribe((e) => got.push(e.code));
    hub.subscribe(() => {
      throw new Error('listener bug');
    });
    expect(hub.publish({ source: 'hid', code: '6901234567892', at: 1 }).ok).toBe(true);
    expect(hub.publish({ source: 'hid', code: '', at: 1 })).toMatchObject({
      ok: false,
      code: 'E_INVALID_SCAN',
    });
    off();
    hub.publish({ source: 'hid', code: '6901234567893', at: 2 });
    expect(got).toEqual(['6901234567892']);
    expect(errors).toHaveLength(2);
  });
});
