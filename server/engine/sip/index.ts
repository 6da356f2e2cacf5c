// The SIP message toolkit, reusable by simulated phones and callers (load tester, tests).
export * from './message.ts';
export {parseMessage, parseHead, StreamParser, limits, type ParseResult} from './parser.ts';
export {serialize, serializeHead, serializeText} from './serialize.ts';
