// RTP (RFC 3550 §5.1) header reading and writing: the recorder reads what rtpengine captured, the
// test and load-test phones write their tones.

export type RtpPacket = {
  readonly payloadType: number;
  readonly marker: boolean;
  readonly sequence: number;
  readonly timestamp: number;
  readonly ssrc: number;
  readonly payload: Uint8Array;
};

/** RFC 3551 static payload types zuoxi speaks. */
export const PT_PCMU = 0;
export const PT_PCMA = 8;

/** The RTP packet in `data`, or undefined for anything that is not RTP version 2 (RTCP included). */
export function parseRtp(data: Uint8Array): RtpPacket | undefined {
  if (data.length < 12 || data[0] >> 6 !== 2) return undefined;
  const payloadType = data[1] & 0x7f;
  // RFC 5761 §4: 64–95 on a muxed port is RTCP.
  if (payloadType >= 64 && payloadType <= 95) return undefined;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let offset = 12 + (data[0] & 0x0f) * 4;
  if (data[0] & 0x10) {
    if (data.length < offset + 4) return undefined;
    offset += 4 + view.getUint16(offset + 2) * 4;
  }
  let end = data.length;
  if (data[0] & 0x20) end -= data[data.length - 1];
  if (offset > end) return undefined;
  return {
    payloadType,
    marker: (data[1] & 0x80) !== 0,
    sequence: view.getUint16(2),
    timestamp: view.getUint32(4),
    ssrc: view.getUint32(8),
    payload: data.subarray(offset, end),
  };
}

/** A minimal RTP packet (no CSRC, no extension). */
export function buildRtp(packet: RtpPacket): Buffer {
  const out = Buffer.alloc(12 + packet.payload.length);
  out[0] = 0x80;
  out[1] = (packet.marker ? 0x80 : 0) | (packet.payloadType & 0x7f);
  out.writeUInt16BE(packet.sequence & 0xffff, 2);
  out.writeUInt32BE(packet.timestamp >>> 0, 4);
  out.writeUInt32BE(packet.ssrc >>> 0, 8);
  Buffer.from(packet.payload).copy(out, 12);
  return out;
}
