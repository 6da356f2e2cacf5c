// A value read out of a Y type that does not match its schema (an old or foreign client wrote
// it): reported once per change and skipped, never thrown at the UI.
import type {z} from 'zod';

export type SyncIssue = {
  /** The document map and key the bad value sits under. */
  readonly where: string;
  readonly error: string;
};

export type IssueSink = (issue: SyncIssue) => void;

export const warnIssue: IssueSink = issue => {
  console.warn(`zuoxi sync: skipped ${issue.where}: ${issue.error}`);
};

/** safeParse `value`; on failure report it and return undefined. */
export function readValid<S extends z.ZodType>(schema: S, value: unknown, where: string, sink: IssueSink): z.infer<S> | undefined {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const error = result.error.issues.slice(0, 3).map(i => `${i.path.join('.') || '(value)'}: ${i.message}`).join('; ');
  sink({where, error});
  return undefined;
}
