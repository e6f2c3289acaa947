import type { Server } from 'node:http';

/**
 * The local stack cannot start as things are (a damaged or half-lost data dir, a port in use). Its
 * message names the file or setting and says what to do; `npm start` prints only the message.
 */
export class StartError extends Error {
  override name = 'StartError';
}

export const portInUse = (error: NodeJS.ErrnoException, port: number, setting: string) =>
  error.code === 'EADDRINUSE'
    ? new StartError(
        `Port ${port} (${setting}) is already in use, perhaps by another local stack: stop it, or choose another port with ${setting}.`,
      )
    : error;

/** Listens on 127.0.0.1 only; a port already taken is reported with the setting that chose it. */
export const listen = async (server: Server, port: number, setting: string) => {
  server.listen(port, '127.0.0.1');
  await listening(server, port, setting);
};

/** Waits until `server` listens, or fails with the reason (a port in use named by its setting). */
export const listening = (server: Server, port: number, setting: string) =>
  new Promise<void>((resolve, reject) => {
    server.once('listening', resolve).once('error', (error: NodeJS.ErrnoException) => {
      reject(portInUse(error, port, setting));
    });
  });
