// The member app's sign-in for tests (issue 16): ask for an SMS code, read it from the demo gateway, sign in,
// and mint the member's own QR token with the session. Minting needs the member's session; nothing else can.
import type { DemoSmsSender } from '../../../crm/memberAuth';

export interface MemberSession {
  session: string;
  memberId: string;
}

export async function signInMember(
  baseUrl: string,
  phone: string,
  sms: DemoSmsSender,
): Promise<MemberSession> {
  const asked = await fetch(`${baseUrl}/api/v1/member/sign-in/code`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone }),
  });
  if (asked.status !== 200) throw new Error(`sms code: ${asked.status} ${await asked.text()}`);
  const code = sms.lastCode(phone)?.code;
  if (!code) throw new Error(`no demo SMS for ${phone}`);
  const r = await fetch(`${baseUrl}/api/v1/member/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone, code }),
  });
  if (r.status !== 200) throw new Error(`sign-in: ${r.status} ${await r.text()}`);
  return (await r.json()) as MemberSession;
}

/** A fresh member QR token for the signed-in member. */
export async function mintMemberToken(baseUrl: string, s: MemberSession): Promise<string> {
  const r = await fetch(`${baseUrl}/api/v1/members/${s.memberId}/token`, {
    method: 'POST',
    headers: { authorization: `Bearer ${s.session}` },
  });
  if (r.status !== 200) throw new Error(`member token: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { token: string }).token;
}
