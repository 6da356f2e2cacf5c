// Free ports for tests and benchmarks: ask the OS for one, check it is free on both TCP and UDP.
import dgram from 'node:dgram';
import net from 'node:net';

function tcpPort(host: string, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(port, host, () => {
      const {port: p} = server.address() as net.AddressInfo;
      server.close(() => resolve(p));
    });
  });
}

function udpFree(host: string, port: number): Promise<boolean> {
  return new Promise(resolve => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', () => resolve(false));
    socket.bind(port, host, () => socket.close(() => resolve(true)));
  });
}

const handedOut = new Set<number>();

/** A port free on TCP and UDP at `host`, not handed out before in this process. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await tcpPort(host);
    if (handedOut.has(port)) continue;
    if (await udpFree(host, port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error('freePort: no free TCP+UDP port after 50 attempts');
}
