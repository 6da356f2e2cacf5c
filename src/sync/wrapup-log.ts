// WrapupLog: the typed API over one `wrapup/<team>/<day>` document (R-35 工作日结).
// One key per agent, written only by that agent: submitted once, amended with the earlier
// version kept in history (a lead's post-shift review sees what changed and why).
import type * as Y from 'yjs';
import {Wrapup, WrapupFigures} from './schema.ts';
import {readValid, warnIssue, type IssueSink} from './issues.ts';
import {ORIGIN_SEAT} from './call-log.ts';

export class WrapupLog {
  readonly doc: Y.Doc;
  readonly #map: Y.Map<unknown>;
  readonly #onIssue: IssueSink;

  constructor(doc: Y.Doc, options: {onIssue?: IssueSink} = {}) {
    this.doc = doc;
    this.#map = doc.getMap('wrapups');
    this.#onIssue = options.onIssue ?? warnIssue;
  }

  /** First submission of the agent's day; a second submit is an error (use amend). */
  submit(input: {agent: string; date: string; at: number; figures: WrapupFigures; remarks: string}): Wrapup {
    if (this.#map.get(input.agent) !== undefined) throw new TypeError(`wrap-up of ${input.agent} for ${input.date} was already submitted; amend it instead`);
    const result = Wrapup.safeParse({agent: input.agent, date: input.date, submittedAt: input.at, figures: input.figures, remarks: input.remarks, history: []});
    if (!result.success) throw new TypeError(`wrap-up: ${result.error.issues.map(i => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    this.doc.transact(() => this.#map.set(input.agent, result.data), ORIGIN_SEAT);
    return result.data;
  }

  /** Change a submitted wrap-up; the previous version goes to history with the reason. */
  amend(input: {agent: string; at: number; figures?: WrapupFigures; remarks?: string; reason: string}): Wrapup {
    const current = this.get(input.agent);
    if (!current) throw new TypeError(`wrap-up of ${input.agent}: nothing submitted to amend`);
    const previous = {at: current.submittedAt, figures: current.figures, remarks: current.remarks, reason: input.reason};
    const result = Wrapup.safeParse({
      ...current,
      submittedAt: input.at,
      figures: input.figures ?? current.figures,
      remarks: input.remarks ?? current.remarks,
      history: [...current.history, previous],
    });
    if (!result.success) throw new TypeError(`wrap-up amend: ${result.error.issues.map(i => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    this.doc.transact(() => this.#map.set(input.agent, result.data), ORIGIN_SEAT);
    return result.data;
  }

  get(agent: string): Wrapup | undefined {
    const raw = this.#map.get(agent);
    return raw === undefined ? undefined : readValid(Wrapup, raw, `wrapups[${agent}]`, this.#onIssue);
  }

  list(): Wrapup[] {
    const all: Wrapup[] = [];
    for (const agent of [...this.#map.keys()].sort()) {
      const w = this.get(agent);
      if (w) all.push(w);
    }
    return all;
  }

  observe(fn: () => void): () => void {
    const handler = () => fn();
    this.#map.observe(handler);
    return () => this.#map.unobserve(handler);
  }
}
