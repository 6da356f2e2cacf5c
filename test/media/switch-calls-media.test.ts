// The switch's call scenarios (test/sip/call-scenarios.ts) again with every call anchored in a
// real embedded rtpengine: the SIP behaviour (holds, transfers, RONA, who hung up) is the same
// when the center owns the media.
import test from 'ava';
import {callScenarios} from '../sip/call-scenarios.ts';
import {centerFor} from '../sip/helpers.ts';
import {mediaPortRange} from './media-ports.ts';

for (const [title, run] of callScenarios) {
  test(`with rtpengine: ${title}`, t => run(t, async (tt, config) => {
    const center = await centerFor(tt, config, {media: {portRange: mediaPortRange()}});
    tt.true(center.media?.port.status.anchored, center.media?.port.status.why);
    return center;
  }));
}
