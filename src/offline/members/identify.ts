// Who is this customer? A member QR token (verified offline), a card number, or a member picked after a phone
// lookup. Online, the CRM's profile is fetched and cached; offline (or when the CRM does not answer quickly),
// the cached member is used within its time-to-live and its balance is marked provisional.
import type { MemberRules } from '../../domain/membership/rules';
import type { MemberTillProfile } from '../../shared/crm';
import type { CacheDb, CachedMemberRow, LedgerDb } from '../db';
import type { CrmResult } from '../sync/crmClient';
import { publicKeysOf, readMemberConfig, saveMemberConfig, type CachedMemberConfig } from './config';
import type { MemberCrm } from './crmMembers';
import {
  cachedMemberByCard,
  cachedMemberById,
  cacheMember,
  provisionalBalance,
  type ProvisionalBalance,
} from './memberCache';
import { acceptMemberToken, type MemberTokenFailure } from './tokens';

/** Fetch the config again after this long while online. */
export const CONFIG_REFRESH_MS = 5 * 60_000;
/** When no config is cached yet (a till that never reached the CRM): members from the cache for a week. */
const DEFAULT_TTL_S = 7 * 86_400;

export type IdentifyInput =
  { kind: 'token'; token: string } | { kind: 'card'; cardNo: string } | { kind: 'id'; memberId: string };

export type IdentifyFailure =
  | MemberTokenFailure
  /** No keys to check a token with, and the CRM cannot be asked. */
  | 'noKeys'
  /** No membership rules yet (never online): member prices cannot be given. */
  | 'noRules'
  | 'notFound'
  /** Offline, and this member was never looked up here (or too long ago). */
  | 'notCached'
  | 'inactive';

export interface Identified {
  member: CachedMemberRow;
  /** The CRM's full profile when it answered; null when the member came from the cache. */
  profile: MemberTillProfile | null;
  source: 'crm' | 'cache';
  balance: ProvisionalBalance;
  rules: MemberRules;
}

export type IdentifyResult = { ok: true; value: Identified } | { ok: false; reason: IdentifyFailure };

export interface IdentifyDeps {
  ledger: LedgerDb;
  cache: CacheDb;
  /** Absent on a till with no CRM link. */
  crm: MemberCrm | null;
  /** The sync runner's view: false skips the CRM and goes straight to the cache. */
  online: boolean;
  now: () => Date;
}

/** The cached config, refreshed first when online and older than CONFIG_REFRESH_MS (or `force`). */
export async function memberConfigFor(
  deps: IdentifyDeps,
  force = false,
): Promise<CachedMemberConfig | undefined> {
  const cached = await readMemberConfig(deps.cache);
  const age = cached ? deps.now().getTime() - Date.parse(cached.fetchedAt) : Infinity;
  if (!deps.crm || !deps.online || (!force && age < CONFIG_REFRESH_MS)) return cached;
  const r = await deps.crm.config();
  if (!r.ok) return cached;
  await saveMemberConfig(deps.cache, r.value, deps.now());
  return { config: r.value, fetchedAt: deps.now().toISOString() };
}

export async function identifyMember(deps: IdentifyDeps, input: IdentifyInput): Promise<IdentifyResult> {
  let config = await memberConfigFor(deps);
  let memberId: string | undefined;
  if (input.kind === 'token') {
    let accepted = await acceptMemberToken(
      deps.ledger,
      input.token,
      config ? publicKeysOf(config.config) : {},
      deps.now(),
    );
    // A key we do not know yet (rotated since the last fetch): ask the CRM once, then decide.
    if (!accepted.ok && accepted.reason === 'unknownKey' && deps.crm && deps.online) {
      config = await memberConfigFor(deps, true);
      accepted = await acceptMemberToken(
        deps.ledger,
        input.token,
        config ? publicKeysOf(config.config) : {},
        deps.now(),
      );
    }
    if (!accepted.ok)
      return { ok: false, reason: accepted.reason === 'unknownKey' && !config ? 'noKeys' : accepted.reason };
    memberId = accepted.memberId;
  } else if (input.kind === 'id') {
    memberId = input.memberId;
  }
  if (!config) return { ok: false, reason: 'noRules' };
  const rules = config.config.rules;

  let fetched: CrmResult<MemberTillProfile> | undefined;
  if (deps.crm && deps.online)
    fetched =
      memberId !== undefined
        ? await deps.crm.profile(memberId)
        : await deps.crm.profileByCard((input as { cardNo: string }).cardNo);
  if (fetched?.ok) {
    if (!fetched.value.member.active) return { ok: false, reason: 'inactive' };
    const member = await cacheMember(deps.cache, deps.ledger, fetched.value);
    const balance = await provisionalBalance(deps.ledger, member.id, member.balance, member.ackedSeqAtFetch);
    return { ok: true, value: { member, profile: fetched.value, source: 'crm', balance, rules } };
  }
  if (fetched && !fetched.ok && fetched.failure.status === 404) return { ok: false, reason: 'notFound' };

  const ttl = rules.memberCacheTtlS ?? DEFAULT_TTL_S;
  const member =
    memberId !== undefined
      ? await cachedMemberById(deps.cache, memberId, deps.now(), ttl)
      : await cachedMemberByCard(deps.cache, (input as { cardNo: string }).cardNo, deps.now(), ttl);
  if (!member) return { ok: false, reason: 'notCached' };
  const b = await provisionalBalance(deps.ledger, member.id, member.balance, member.ackedSeqAtFetch);
  // Not confirmed by the CRM now: provisional whatever the pending deltas.
  return {
    ok: true,
    value: { member, profile: null, source: 'cache', balance: { ...b, provisional: true }, rules },
  };
}
