// Someone collecting for the customer: their name and the last digits of an ID document are recorded with
// the handover, never the whole number.

export interface Collector {
  kind: 'customer' | 'proxy';
  /** Proxy only: the collector's name as they gave it. */
  name?: string;
  /** Proxy only: the last 4 characters of their ID (the last may be X on a Chinese ID card). */
  idLast4?: string;
}

export type CollectorProblem = 'nameMissing' | 'nameTooLong' | 'idLast4Invalid';

const ID_LAST4 = /^\d{3}[\dX]$/;

/** Cleans what staff typed; returns the collector or what is wrong with it. */
export function parseCollector(input: {
  proxy: boolean;
  name?: string;
  idLast4?: string;
}): { ok: true; collector: Collector } | { ok: false; problem: CollectorProblem } {
  if (!input.proxy) return { ok: true, collector: { kind: 'customer' } };
  const name = (input.name ?? '').trim().replace(/\s+/g, ' ');
  if (name === '') return { ok: false, problem: 'nameMissing' };
  if (Array.from(name).length > 40) return { ok: false, problem: 'nameTooLong' };
  const idLast4 = (input.idLast4 ?? '').trim().toUpperCase();
  if (!ID_LAST4.test(idLast4)) return { ok: false, problem: 'idLast4Invalid' };
  return { ok: true, collector: { kind: 'proxy', name, idLast4 } };
}
