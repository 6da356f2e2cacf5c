// `GET /recordings/<call id>[?day=YYYY-MM-DD]` on the hub port: a call's recording (the stereo
// WAV) for `zuoxi recording`. The team lead proves who they are with X-Zuoxi-Agent and
// X-Zuoxi-Pin (the same PIN check and lockout as everywhere, R-24); agents are refused, and a
// lead finds only their own team's calls (recording-access.ts).
import fs from 'node:fs';
import type http from 'node:http';
import type {ZuoxiConfig} from '../../src/config.ts';
import type {CallFactsLookup} from '../../src/sip/facts-sink.ts';
import {recordingFor} from '../../src/sip/recording-access.ts';
import {SwitchError} from '../../src/sip/switch-error.ts';
import type {Auth} from '../auth.ts';

export const RECORDINGS_PATH = '/recordings/';

const statusOf: Record<string, number> = {'forbidden': 403, 'unknown-call': 404, 'no-recording': 404, 'bad-message': 400, 'unavailable': 503};

export function recordingHandler(options: {readonly config: ZuoxiConfig; readonly auth: Auth; readonly lookup?: CallFactsLookup}) {
  const {config, auth, lookup} = options;
  const refuse = (response: http.ServerResponse, status: number, message: string) => {
    response.writeHead(status, {'content-type': 'text/plain; charset=utf-8'}).end(`${message}\n`);
  };
  return (request: http.IncomingMessage, response: http.ServerResponse): void => {
    void (async () => {
      if (request.method !== 'GET') return refuse(response, 405, 'GET only');
      const url = new URL(request.url ?? '/', 'http://hub');
      const callId = decodeURIComponent(url.pathname.slice(RECORDINGS_PATH.length));
      if (!callId || callId.length > 128 || callId.includes('/')) return refuse(response, 400, 'expected /recordings/<call id>');
      const agent = request.headers['x-zuoxi-agent'];
      const pin = request.headers['x-zuoxi-pin'];
      if (typeof agent !== 'string' || typeof pin !== 'string' || !agent || !pin) return refuse(response, 401, 'X-Zuoxi-Agent and X-Zuoxi-Pin are required');
      const identity = await auth.verifyAsync(agent, pin, {source: request.socket.remoteAddress, via: 'recording'});
      if (!identity) return refuse(response, 401, 'wrong agent id or PIN');
      if (identity.role !== 'lead') return refuse(response, 403, 'only a team lead exports recordings (R-24)');
      const lead = config.agents.find(a => a.id === identity.agent);
      const day = url.searchParams.get('day') ?? undefined;
      const {file} = await recordingFor(config, lookup, lead, callId, day);
      const size = (await fs.promises.stat(file)).size;
      response.writeHead(200, {'content-type': 'audio/wav', 'content-length': size, 'content-disposition': `attachment; filename="${callId.replace(/[^\w.-]/g, '_')}.wav"`});
      fs.createReadStream(file).on('error', () => response.destroy()).pipe(response);
    })().catch((error: Error) => {
      if (response.headersSent) return response.destroy();
      if (error instanceof SwitchError) return refuse(response, statusOf[error.code] ?? 400, error.message);
      refuse(response, 500, `recording not sent: ${error.message}`);
    });
  };
}
