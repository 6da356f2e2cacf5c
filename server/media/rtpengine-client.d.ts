// The part of npm rtpengine-client (drachtio's ng client, CommonJS, untyped) zuoxi uses.
declare module 'rtpengine-client' {
  import {EventEmitter} from 'node:events';

  export type NgReply = {result: string; 'error-reason'?: string; warning?: string; [key: string]: unknown};
  export type NgTarget = {port: number; host: string};
  type Command = (target: NgTarget, params?: Record<string, unknown>) => Promise<NgReply>;

  export class Client extends EventEmitter {
    constructor(options?: {localAddress?: string; localPort?: number; timeout?: number});
    ping: Command;
    offer: Command;
    answer: Command;
    delete: Command;
    query: Command;
    startRecording: Command;
    stopRecording: Command;
    blockMedia: Command;
    unblockMedia: Command;
    silenceMedia: Command;
    unsilenceMedia: Command;
    playMedia: Command;
    stopMedia: Command;
    subscribeRequest: Command;
    subscribeAnswer: Command;
    unsubscribe: Command;
    close(): void;
  }
  const rtpengine: {Client: typeof Client};
  export default rtpengine;
}
