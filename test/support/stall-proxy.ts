import { connect, createServer, type Socket } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of an emulator, which can stall: while stalled, every
 * connection, old and new, is accepted but no byte moves either way, as when a backend hangs.
 * Bytes a client sent during a stall reach the emulator only if the client is still connected when
 * it ends: a client that gave up (an SDK timeout closes its socket) never has its request delivered
 * late, as a real stalled network would not redeliver it either.
 */
export interface StallProxy {
  /** What a client connects to instead of the emulator. */
  url: string;
  /** Stalls every connection for `ms`; resolves when bytes flow again. */
  stall(ms: number): Promise<void>;
  /** The stall windows so far, as [start, end] in performance.now() milliseconds. */
  windows: [number, number][];
  close(): Promise<void>;
}

export const startStallProxy = async (targetPort: number): Promise<StallProxy> => {
  const sockets = new Set<Socket>();
  let stalled = false;
  const windows: [number, number][] = [];

  /** Forwards `from` to `to`, pausing for the receiver's backpressure and for a stall. */
  const forward = (from: Socket, to: Socket) => {
    from.on('data', (chunk) => {
      if (!to.write(chunk)) {
        from.pause();
        to.once('drain', () => {
          if (!stalled) from.resume();
        });
      }
    });
  };
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    if (stalled) socket.pause();
  };

  const server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    track(client);
    track(upstream);
    forward(client, upstream);
    forward(upstream, client);
    // Either side going away takes the other with it, unsent bytes included.
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };

  return {
    url: `http://127.0.0.1:${port}`,
    windows,
    stall: async (ms) => {
      stalled = true;
      const started = performance.now();
      for (const socket of sockets) socket.pause();
      await new Promise((resolve) => setTimeout(resolve, ms));
      stalled = false;
      windows.push([started, performance.now()]);
      for (const socket of sockets) socket.resume();
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
};
