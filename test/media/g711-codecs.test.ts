import test from 'ava';
import {g711Codecs} from '../../server/media/rtp-media.ts';

const offer = (formats: string, maps: string[] = []) => ['v=0', 'c=IN IP4 127.0.0.1', `m=audio 4000 RTP/AVP ${formats}`, ...maps, ''].join('\r\n');
const G711_ONLY = {codec: {strip: ['all'], except: ['PCMU', 'PCMA', 'telephone-event']}};

test('an offer with opus first and G.711 after (linphone) goes on with G.711 only', t => {
  t.deepEqual(g711Codecs(offer('96 97 98 0 8 18 101', ['a=rtpmap:96 opus/48000/2'])), G711_ONLY);
});

test('PCMA alone, or PCMU under a dynamic payload type, counts as G.711', t => {
  t.deepEqual(g711Codecs(offer('8')), G711_ONLY);
  t.deepEqual(g711Codecs(offer('100', ['a=rtpmap:100 PCMU/8000'])), G711_ONLY);
});

test('an offer without G.711 is left as it is (no codec rule that would empty it)', t => {
  t.is(g711Codecs(offer('96 18', ['a=rtpmap:96 opus/48000/2', 'a=rtpmap:18 G729/8000'])), undefined);
  t.is(g711Codecs('v=0\r\n'), undefined);
});
