// `zuoxi recording CALL_ID --out FILE.wav --agent LEAD_ID [--hub ws://HOST:PORT] [--day YYYY-MM-DD]`:
// one call's recording (stereo WAV: caller left, agent right) from the center, for the team's
// lead (R-24 录音抽检). The PIN comes from ZUOXI_PIN or a hidden prompt; the center checks it,
// refuses agents and finds only the lead's own team's calls.
import fs from 'node:fs/promises';
import process from 'node:process';
import {parseArgs} from 'node:util';
import {askPin} from './ask-pin.ts';

const usage = 'usage: zuoxi recording CALL_ID --out FILE.wav --agent LEAD_ID [--hub ws://HOST:PORT] [--day YYYY-MM-DD]';

function fail(message: string): number {
  console.error(`zuoxi recording: ${message}`);
  return 1;
}

export async function run(args: string[]): Promise<number> {
  let values;
  let positionals;
  try {
    ({values, positionals} = parseArgs({args, strict: true, allowPositionals: true, options: {
      out: {type: 'string'}, agent: {type: 'string'}, hub: {type: 'string'}, day: {type: 'string'}, help: {type: 'boolean', short: 'h'},
    }}));
  } catch (error) {
    return fail(`${(error as Error).message}\n${usage}`);
  }
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const [callId, ...extra] = positionals;
  if (!callId || extra.length > 0) return fail(`expected one CALL_ID\n${usage}`);
  if (callId.length > 128 || callId.includes('/')) return fail(`CALL_ID: not a call id: ${callId}`);
  if (!values.out) return fail(`--out FILE.wav is required\n${usage}`);
  if (!values.agent || !/^\d{3,8}$/.test(values.agent)) return fail(`--agent: expected the lead's agent id (3–8 digits)\n${usage}`);
  if (values.day !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.day)) return fail(`--day: expected YYYY-MM-DD, got "${values.day}"`);
  let base: URL;
  try {
    base = new URL(values.hub ?? 'ws://127.0.0.1:7070');
    if (!/^(ws|wss|http|https):$/.test(base.protocol)) throw new TypeError('not ws://');
  } catch {
    return fail(`--hub: expected ws://HOST:PORT, got "${values.hub}"`);
  }
  base.protocol = base.protocol === 'wss:' || base.protocol === 'https:' ? 'https:' : 'http:';
  const pin = process.env.ZUOXI_PIN || await askPin('lead PIN: ');
  if (!pin) return fail('a PIN is needed (ZUOXI_PIN, or type it at the prompt)');

  const url = new URL(`/recordings/${encodeURIComponent(callId)}`, base);
  if (values.day) url.searchParams.set('day', values.day);
  let response: Response;
  try {
    response = await fetch(url, {headers: {'x-zuoxi-agent': values.agent, 'x-zuoxi-pin': pin}, signal: AbortSignal.timeout(30_000)});
  } catch (error) {
    return fail(`cannot reach the center at ${base.host}: ${(error as Error).message}`);
  }
  if (!response.ok) return fail(`refused (${response.status}): ${(await response.text()).trim()}`);
  const wav = Buffer.from(await response.arrayBuffer());
  try {
    await fs.writeFile(values.out, wav);
  } catch (error) {
    return fail(`cannot write ${values.out}: ${(error as Error).message}`);
  }
  console.error(`zuoxi recording: ${callId} → ${values.out} (${wav.length} bytes)`);
  return 0;
}
