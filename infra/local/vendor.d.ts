// Minimal types for the two emulators, which ship none.
declare module 'dynalite' {
  import type { Server } from 'node:http';

  interface DynaliteOptions {
    path?: string;
    createTableMs?: number;
    deleteTableMs?: number;
    updateTableMs?: number;
    maxItemSizeKb?: number;
  }
  export default function dynalite(options?: DynaliteOptions): Server;
}

declare module 's3rver' {
  import type { Server } from 'node:http';

  interface S3rverOptions {
    directory: string;
    silent?: boolean;
    configureBuckets?: { name: string; configs: string[] }[];
  }
  export default class S3rver {
    constructor(options: S3rverOptions);
    configureBuckets(): Promise<void>;
    /** With a callback it returns the server at once (and reports listen errors on it). */
    listen(port: number, host: string, callback: () => void): Server;
  }
}

// dynalite's store factory: opened once before the server starts, to report a damaged store clearly.
declare module 'dynalite/db/index.js' {
  interface DynaliteStore {
    db: { open(): Promise<void>; close(): Promise<void> };
  }
  const db: { create(options: { path: string }): DynaliteStore };
  export default db;
}
