// The CRM's member token keys and membership rules, cached so a till verifies member QR codes and prices
// member sales offline. Refreshed from GET /members/config whenever the till is online (docs/decisions/0030).
import { base64UrlDecode } from '../../domain/signedToken';
import type { MemberRules } from '../../domain/membership/rules';
import { MemberConfigSchema, type MemberConfig } from '../../shared/crm';
import type { CacheDb } from '../db';

export const MEMBER_CONFIG_KEY = 'member.config';

export interface CachedMemberConfig {
  config: MemberConfig;
  fetchedAt: string;
}

/** The cached config, or undefined when none was ever fetched (or what is stored no longer parses). */
export async function readMemberConfig(cache: CacheDb): Promise<CachedMemberConfig | undefined> {
  const row = await cache.meta.get(MEMBER_CONFIG_KEY);
  const v = row?.value as { config?: unknown; fetchedAt?: unknown } | undefined;
  if (!v || typeof v.fetchedAt !== 'string') return undefined;
  const parsed = MemberConfigSchema.safeParse(v.config);
  return parsed.success ? { config: parsed.data, fetchedAt: v.fetchedAt } : undefined;
}

export async function saveMemberConfig(cache: CacheDb, config: MemberConfig, now: Date): Promise<void> {
  await cache.meta.put({ key: MEMBER_CONFIG_KEY, value: { config, fetchedAt: now.toISOString() } });
}

/** kid -> raw public key, for verifyToken. A key that does not decode to 32 bytes is left out. */
export function publicKeysOf(config: MemberConfig): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  for (const k of config.keys) {
    const raw = base64UrlDecode(k.publicKey);
    if (raw && raw.length === 32) out[k.kid] = raw;
  }
  return out;
}

export function rulesOf(c: CachedMemberConfig | undefined): MemberRules | undefined {
  return c?.config.rules;
}
