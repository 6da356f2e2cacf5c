// Reads the pcap files rtpengine writes for a recorded call (--recording-method=pcap): one record
// per RTP packet it received, raw IP (--recording-format=raw) or Ethernet framed (eth). Returns the
// UDP datagrams with their capture time; everything else in the file is skipped, not an error.

export type UdpDatagram = {
  /** Capture time, ms since the epoch (fractional). */
  readonly atMs: number;
  readonly src: string;
  readonly srcPort: number;
  readonly dst: string;
  readonly dstPort: number;
  readonly payload: Uint8Array;
};

const LINKTYPE_NULL = 0;
const LINKTYPE_ETHERNET = 1;
const LINKTYPE_RAW = 101;
const LINKTYPE_LINUX_SLL = 113;
const LINKTYPE_IPV4 = 228;
const LINKTYPE_IPV6 = 229;

/** Offset of the IP header inside a frame of `linkType`, or -1 for a frame that carries no IP. */
function ipOffset(linkType: number, frame: Buffer): number {
  switch (linkType) {
    case LINKTYPE_RAW:
    case LINKTYPE_IPV4:
    case LINKTYPE_IPV6:
      return 0;
    case LINKTYPE_NULL:
      return 4;
    case LINKTYPE_ETHERNET: {
      if (frame.length < 14) return -1;
      let offset = 12;
      // 802.1Q VLAN tags.
      while (offset + 4 <= frame.length && frame.readUInt16BE(offset) === 0x8100) offset += 4;
      const type = frame.length >= offset + 2 ? frame.readUInt16BE(offset) : 0;
      return type === 0x0800 || type === 0x86dd ? offset + 2 : -1;
    }
    case LINKTYPE_LINUX_SLL:
      return frame.length >= 16 ? 16 : -1;
    default:
      return -1;
  }
}

function ipv6Text(b: Buffer, at: number): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(b.readUInt16BE(at + i).toString(16));
  return groups.join(':');
}

function udpOf(frame: Buffer, at: number, atMs: number): UdpDatagram | undefined {
  if (at < 0 || at >= frame.length) return undefined;
  const version = frame[at] >> 4;
  let src: string, dst: string, udp: number;
  if (version === 4) {
    if (frame.length < at + 20) return undefined;
    const ihl = (frame[at] & 0x0f) * 4;
    if (frame[at + 9] !== 17) return undefined;
    // Fragments other than the first carry no UDP header; rtpengine's RTP never fragments.
    if ((frame.readUInt16BE(at + 6) & 0x1fff) !== 0) return undefined;
    src = frame.subarray(at + 12, at + 16).join('.');
    dst = frame.subarray(at + 16, at + 20).join('.');
    udp = at + ihl;
  } else if (version === 6) {
    if (frame.length < at + 40 || frame[at + 6] !== 17) return undefined;
    src = ipv6Text(frame, at + 8);
    dst = ipv6Text(frame, at + 24);
    udp = at + 40;
  } else {
    return undefined;
  }
  if (frame.length < udp + 8) return undefined;
  const length = frame.readUInt16BE(udp + 4);
  const end = Math.min(frame.length, length >= 8 ? udp + length : frame.length);
  return {atMs, src, srcPort: frame.readUInt16BE(udp), dst, dstPort: frame.readUInt16BE(udp + 2), payload: frame.subarray(udp + 8, end)};
}

/** Every UDP datagram in a pcap file. A truncated last record (a file still being written) is dropped. */
export function readPcap(file: Uint8Array): UdpDatagram[] {
  const buf = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  if (buf.length < 24) throw new Error(`not a pcap file: ${buf.length} bytes, shorter than its header`);
  const magic = buf.readUInt32LE(0);
  let little: boolean, nanos: boolean;
  if (magic === 0xa1b2c3d4) [little, nanos] = [true, false];
  else if (magic === 0xa1b23c4d) [little, nanos] = [true, true];
  else if (magic === 0xd4c3b2a1) [little, nanos] = [false, false];
  else if (magic === 0x4d3cb2a1) [little, nanos] = [false, true];
  else throw new Error(`not a pcap file (magic 0x${magic.toString(16)}); pcapng is not read`);
  const u32 = (at: number) => little ? buf.readUInt32LE(at) : buf.readUInt32BE(at);
  const linkType = u32(20) & 0x0fffffff;
  const out: UdpDatagram[] = [];
  for (let offset = 24; offset + 16 <= buf.length;) {
    const seconds = u32(offset);
    const fraction = u32(offset + 4);
    const captured = u32(offset + 8);
    const start = offset + 16;
    if (start + captured > buf.length) break;
    const frame = buf.subarray(start, start + captured);
    const atMs = seconds * 1000 + (nanos ? fraction / 1e6 : fraction / 1e3);
    const datagram = udpOf(frame, ipOffset(linkType, frame), atMs);
    if (datagram) out.push(datagram);
    offset = start + captured;
  }
  return out;
}

/** A pcap file (raw IPv4 link type) of `datagrams`: for tests and tools that fake a recording. */
export function writePcap(datagrams: readonly UdpDatagram[]): Buffer {
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(65535, 16);
  header.writeUInt32LE(LINKTYPE_RAW, 20);
  const records = datagrams.map(d => {
    const ip = Buffer.alloc(28 + d.payload.length);
    ip[0] = 0x45;
    ip.writeUInt16BE(ip.length, 2);
    ip[8] = 64;
    ip[9] = 17;
    Buffer.from(d.src.split('.').map(Number)).copy(ip, 12);
    Buffer.from(d.dst.split('.').map(Number)).copy(ip, 16);
    ip.writeUInt16BE(d.srcPort, 20);
    ip.writeUInt16BE(d.dstPort, 22);
    ip.writeUInt16BE(8 + d.payload.length, 24);
    Buffer.from(d.payload).copy(ip, 28);
    const record = Buffer.alloc(16);
    const whole = Math.floor(d.atMs / 1000);
    record.writeUInt32LE(whole, 0);
    record.writeUInt32LE(Math.round((d.atMs - whole * 1000) * 1000), 4);
    record.writeUInt32LE(ip.length, 8);
    record.writeUInt32LE(ip.length, 12);
    return Buffer.concat([record, ip]);
  });
  return Buffer.concat([header, ...records]);
}
