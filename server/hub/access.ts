// Who may read and write which synced document. The floor's day documents (calls, handover,
// wrap-up) are written by the team's agents; the team lead reads them (read-only, enforced
// here, not only in the UI) and writes the team's month documents (QA, roster, discipline
// ledger). Agents see none of the month documents except the QA one, which they read (never
// write) so the seat can show them the score, feedback and decision on their own calls (R-27,
// A supervisor identity (the wallboard) only reads. Nobody
// touches another team's documents. (R-36: customer data stays within the team that holds it.)
import type {Identity} from '../auth.ts';
import {dayKinds, type DocName} from '../../src/sync/doc-name.ts';

export type Access = {readonly kind: 'write'} | {readonly kind: 'read'; readonly why: string} | {readonly kind: 'none'; readonly why: string};

export function accessFor(identity: Identity, name: DocName): Access {
  if (identity.team !== name.team) return {kind: 'none', why: `${identity.agent} is in team ${identity.team}, not ${name.team}`};
  const floor = (dayKinds as readonly string[]).includes(name.kind);
  if (identity.role === 'supervisor') return {kind: 'read', why: 'a supervisor view is read-only'};
  if (floor) {
    if (identity.role === 'agent') return {kind: 'write'};
    return {kind: 'read', why: `a team lead only reads the floor's ${name.kind} documents`};
  }
  if (identity.role === 'lead') return {kind: 'write'};
  if (name.kind === 'qa') return {kind: 'read', why: 'an agent reads the QA feedback on their own calls (R-27/R-28); the team lead writes it'};
  return {kind: 'none', why: `${name.kind} documents are the team lead's`};
}
