// An RTP port range of its own for each rtpengine a test starts (test files run in parallel).
// Below the kernel's ephemeral range (32768+) so rtpengine never fights test sockets for a port;
// rtpengine skips ports already taken, so two ranges that happen to overlap still work.
import crypto from 'node:crypto';

export function mediaPortRange(): {portMin: number; portMax: number} {
  const portMin = 20000 + crypto.randomInt(0, 127) * 100;
  return {portMin, portMax: portMin + 99};
}
