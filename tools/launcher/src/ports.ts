import net from 'node:net';

/** Whether a server could listen on `port` at `host` right now. */
export function isPortFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Ports the OS reports free right now; all are held open together so they are distinct. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: count }, listenOnAnyPort));
  const ports = servers.map((server) => (server.address() as net.AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

function listenOnAnyPort(): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

export interface WantedPort {
  port: number;
  host: string;
  /** Who wants it, for the message: `triage`. */
  owner: string;
  /** The variable that moves it elsewhere: `TRIAGE_PORT`. */
  variable: string;
}

/** Throws one error naming every port that is taken, and how to choose another. */
export async function assertPortsFree(wanted: readonly WantedPort[]): Promise<void> {
  const taken = await Promise.all(
    wanted.map(async (entry) => ((await isPortFree(entry.port, entry.host)) ? [] : [entry])),
  );
  const lines = taken
    .flat()
    .map(
      ({ port, owner, variable }) =>
        `  - port ${port} (${owner}) is in use: free it or set ${variable}`,
    );
  if (lines.length > 0) throw new Error(`Ports in use:\n${lines.join('\n')}`);
}
