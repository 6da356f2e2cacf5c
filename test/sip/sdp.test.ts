// The SDP edits of hold/resume: direction per media section, o= version bumped (RFC 3264 §8).
import test from 'ava';
import {directionOf, sdpVersion, withDirection} from '../../src/sip/sdp.ts';

const offer = 'v=0\r\no=- 42 7 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\na=sendrecv\r\nm=audio 4000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\nm=video 4002 RTP/AVP 96\r\na=recvonly\r\n';

test('hold: every media section sendonly, session-level direction dropped, version set', t => {
  const held = withDirection(offer, 'sendonly', 8);
  t.is(sdpVersion(held), 8);
  t.is(directionOf(held), 'sendonly');
  t.is((held.match(/a=sendonly/g) ?? []).length, 2);
  t.notRegex(held, /a=sendrecv|a=recvonly/);
  t.true(held.endsWith('\r\n'));
  t.regex(held, /^v=0\r\no=- 42 8 IN IP4/);
});

test('resume restores sendrecv; SDP without direction lines gets one per media; LF-only kept', t => {
  const bare = 'v=0\no=- 1 1 IN IP4 10.0.0.1\ns=-\nt=0 0\nm=audio 5000 RTP/AVP 0\n';
  t.is(directionOf(bare), 'sendrecv');
  const held = withDirection(bare, 'inactive', 2);
  t.is(held, 'v=0\no=- 1 2 IN IP4 10.0.0.1\ns=-\nt=0 0\nm=audio 5000 RTP/AVP 0\na=inactive\n');
  t.is(directionOf(withDirection(held, 'sendrecv', 3)), 'sendrecv');
  t.is(sdpVersion('garbage'), 0);
});
