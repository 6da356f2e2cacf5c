// SDP edits the switch makes as a signalling-only B2BUA: hold/resume set the media direction
// (sendonly/inactive ↔ sendrecv) and every changed offer bumps the o= version (RFC 3264 §8).

export type Direction = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

const directionLine = /^a=(sendrecv|sendonly|recvonly|inactive)\s*$/;

/** `sdp` with every media section's direction set to `direction` and the o= version set to `version`. */
export function withDirection(sdp: string, direction: Direction, version: number): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const lines = sdp.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  const out: string[] = [];
  let inMedia = false;
  let mediaHasDirection = false;
  const closeMedia = () => {
    if (inMedia && !mediaHasDirection) out.push(`a=${direction}`);
  };
  for (const line of lines) {
    if (line.startsWith('m=')) {
      closeMedia();
      inMedia = true;
      mediaHasDirection = false;
      out.push(line);
      continue;
    }
    if (directionLine.test(line)) {
      // Session-level direction would override ours for media without their own: drop it.
      if (!inMedia) continue;
      mediaHasDirection = true;
      out.push(`a=${direction}`);
      continue;
    }
    if (line.startsWith('o=')) {
      const parts = line.split(' ');
      if (parts.length >= 6) parts[2] = String(version);
      out.push(parts.join(' '));
      continue;
    }
    out.push(line);
  }
  closeMedia();
  return out.join(eol) + eol;
}

/** The o= session version of an SDP (0 when absent or unreadable). */
export function sdpVersion(sdp: string): number {
  const match = /^o=\S+ \S+ (\d+)/m.exec(sdp);
  return match ? Number(match[1]) : 0;
}

/** The direction of the first media section (sendrecv when unstated). */
export function directionOf(sdp: string): Direction {
  const media = sdp.split(/\r?\nm=/).slice(1).join('\nm=');
  const match = /^a=(sendrecv|sendonly|recvonly|inactive)\s*$/m.exec(media || sdp);
  return (match?.[1] as Direction | undefined) ?? 'sendrecv';
}
