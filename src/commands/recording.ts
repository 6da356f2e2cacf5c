// `zuoxi recording CALL_ID --out FILE.wav --agent LEAD_ID [--hub ws://HOST:PORT] [--day YYYY-MM-DD]`:
// one call's recording (stereo WAV: caller left, agent right) from the center, for the team's
// lead (R-24 录音抽检). The PIN comes from ZUOXI_PIN or a hidden prompt; the center checks it,
// refuses agents and finds only the lead's own team's calls.
import fs from 'node:fs/promises';
import process from 'node:process';
import {z} from 'zod';
import {askPin} from './ask-pin.ts';
import {HubUrl} from './flags.ts';
import {command, UsageError} from './run-command.ts';

const usage = `usage: zuoxi recording CALL_ID --out FILE.wav --agent LEAD_ID [--hub ws://HOST:PORT] [--day YYYY-MM-DD]

  --out FILE.wav   where the stereo WAV goes (caller left, agent right)
  --agent LEAD_ID  the team lead asking; the PIN from ZUOXI_PIN or a hidden prompt
  --hub URL        the center (default ws://127.0.0.1:7070)
  --day DATE       the call's day when it is not today

Exit status: 0 written, 1 the center could not be reached or the file not written,
2 usage error, 3 refused (not a lead, wrong PIN, another team's call).`;

function fail(message: string, code = 1): number {
  console.error(`zuoxi recording: ${message}`);
  return code;
}

export const run = command({
  name: 'recording',
  usage,
  positionals: ['CALL_ID'],
  options: {out: {type: 'string'}, agent: {type: 'string'}, hub: {type: 'string'}, day: {type: 'string'}},
  schema: z.object({
    out: z.string().min(1),
    agent: z.string().regex(/^\d{3,8}$/, 'expected the lead\'s agent id (3–8 digits)'),
    hub: HubUrl.default('ws://127.0.0.1:7070'),
    day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD').optional(),
  }),
  async run(values, [callId]) {
    if (!callId || callId.length > 128 || callId.includes('/')) throw new UsageError(`CALL_ID: not a call id: ${callId ?? ''}`);
    const base = new URL(values.hub);
    base.protocol = base.protocol === 'wss:' ? 'https:' : 'http:';
    const pin = process.env.ZUOXI_PIN || await askPin('lead PIN: ');
    if (!pin) return fail('a PIN is needed (ZUOXI_PIN, or type it at the prompt)', 2);

    const url = new URL(`/recordings/${encodeURIComponent(callId)}`, base);
    if (values.day) url.searchParams.set('day', values.day);
    let response: Response;
    try {
      response = await fetch(url, {headers: {'x-zuoxi-agent': values.agent, 'x-zuoxi-pin': pin}, signal: AbortSignal.timeout(30_000)});
    } catch (error) {
      return fail(`cannot reach the center at ${base.host}: ${(error as Error).message}`);
    }
    if (!response.ok) return fail(`refused (${response.status}): ${(await response.text()).trim()}`, response.status === 401 || response.status === 403 || response.status === 404 ? 3 : 1);
    const wav = Buffer.from(await response.arrayBuffer());
    try {
      await fs.writeFile(values.out, wav);
    } catch (error) {
      return fail(`cannot write ${values.out}: ${(error as Error).message}`);
    }
    console.error(`zuoxi recording: ${callId} → ${values.out} (${wav.length} bytes)`);
    return 0;
  },
});
