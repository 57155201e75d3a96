/**
 * A TCP server that accepts every connection and never answers a byte: the endpoint that used to hang
 * a scan (a firewall that swallows packets after the handshake, a stuck proxy, a half-dead emulator).
 */
import { createServer, type Socket } from 'node:net';

export interface BlackHole {
  endpoint: string;
  /** Connections accepted so far (each HTTP attempt opens one, as nothing is ever answered). */
  connections(): number;
  close(): Promise<void>;
}

export async function blackHole(): Promise<BlackHole> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createServer((s) => {
    connections++;
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    connections: () => connections,
    close: () =>
      new Promise<void>((ok) => {
        for (const s of sockets) s.destroy();
        server.close(() => ok());
      }),
  };
}
