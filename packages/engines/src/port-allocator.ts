import { createServer } from 'node:net';

/** Whether a TCP port on 127.0.0.1 can be bound right now. */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Hands out ports from a range, skipping ports in use or already handed out. */
export class PortAllocator {
  private readonly taken = new Set<number>();

  constructor(
    private readonly start: number,
    private readonly end = start + 1000,
  ) {}

  async allocate(): Promise<number> {
    for (let port = this.start; port < this.end; port++) {
      if (this.taken.has(port)) continue;
      this.taken.add(port);
      if (await isPortFree(port)) return port;
      this.taken.delete(port);
    }
    throw new Error(`No free port between ${this.start} and ${this.end}`);
  }

  release(port: number): void {
    this.taken.delete(port);
  }
}
