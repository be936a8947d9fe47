// Text PostgreSQL cannot hold: a NUL (text and jsonb refuse it) or a lone UTF-16 surrogate (jsonb refuses
// its \ud800 escape; a text parameter silently becomes U+FFFD). Requests carrying either are refused with 400,
// except inside a push's mutation payloads, which are repaired so one record cannot stop a till's queue.

// Without the u flag a regex sees UTF-16 code units, so lone halves are visible to it.
// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const BAD = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const BAD_ALL = new RegExp(BAD.source, 'g');

export function isBadText(s: string): boolean {
  return BAD.test(s);
}

export function repairString(s: string): string {
  return s.replace(BAD_ALL, '\ufffd');
}

const join = (path: string, key: string | number): string => (path ? `${path}.${key}` : String(key));

/** Dotted paths of every string (or object key) holding bad text; `skip` prunes subtrees by path. */
export function findBadText(
  value: unknown,
  path = '',
  skip?: (path: string) => boolean,
  out: string[] = [],
): string[] {
  if (out.length >= 20 || (skip && path && skip(path))) return out;
  if (typeof value === 'string') {
    if (isBadText(value)) out.push(path || '(root)');
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => findBadText(v, join(path, i), skip, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (isBadText(k)) out.push(join(path, repairString(k)));
      else findBadText(v, join(path, k), skip, out);
    }
  }
  return out;
}

/**
 * A copy of `value` with NULs and lone surrogates replaced by U+FFFD in every string and key, and the
 * dotted paths that were repaired (a key is named as repaired). The input is not changed.
 */
export function repairText(value: unknown): { value: unknown; paths: string[] } {
  // The common case, clean text, costs one scan and no copy.
  if (findBadText(value).length === 0) return { value, paths: [] };
  const paths: string[] = [];
  const walk = (v: unknown, path: string): unknown => {
    if (typeof v === 'string') {
      if (!isBadText(v)) return v;
      paths.push(path || '(root)');
      return repairString(v);
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, join(path, i)));
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        let key = k;
        if (isBadText(k)) {
          key = repairString(k);
          paths.push(join(path, key));
        }
        // Two keys repaired to the same text: the later one wins, as JSON.parse would do with duplicates.
        // defineProperty: a '__proto__' key stays a plain key, as JSON.parse made it.
        Object.defineProperty(out, key, {
          value: walk(x, join(path, key)),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    return v;
  };
  return { value: walk(value, ''), paths };
}
