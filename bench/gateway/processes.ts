import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** A process started for the benchmark. */
export interface Started {
  name: string;
  baseUrl: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
  await once(child, 'exit');
  clearTimeout(timer);
}

/** Starts a node script that prints `port=N` when listening. */
export async function startNodeServer(name: string, script: string, args: string[]): Promise<Started> {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (data: Buffer) => {
      text += data.toString();
      const match = /port=(\d+)/.exec(text);
      if (match !== null) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
  });
  return { name, baseUrl: `http://127.0.0.1:${port}`, child, stop: () => stop(child) };
}

async function waitListening(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}`);
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** nginx as a plain reverse proxy: one worker, keep-alive upstream, no buffering, every path in `dir`. */
export async function startNginx(dir: string, upstreamPort: number): Promise<Started | string> {
  const binary = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((path) => existsSync(path));
  if (binary === undefined) return 'nginx is not installed (apt-get install -y nginx)';
  const port = await freePort();
  const config = `daemon off;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'nginx-error.log')} warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${join(dir, 'body')};
  proxy_temp_path ${join(dir, 'proxy')};
  fastcgi_temp_path ${join(dir, 'fastcgi')};
  uwsgi_temp_path ${join(dir, 'uwsgi')};
  scgi_temp_path ${join(dir, 'scgi')};
  upstream engine { server 127.0.0.1:${upstreamPort}; keepalive 256; }
  server {
    listen 127.0.0.1:${port};
    keepalive_requests 1000000;
    location / {
      proxy_pass http://engine;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
      proxy_request_buffering off;
    }
  }
}
`;
  const configPath = join(dir, 'nginx.conf');
  await writeFile(configPath, config);
  const child = spawn(binary, ['-e', join(dir, 'nginx-error.log'), '-p', dir, '-c', configPath], {
    stdio: 'ignore',
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitListening(baseUrl, child, 10_000);
  return { name: 'nginx', baseUrl, child, stop: () => stop(child) };
}

/** Portkey's gateway from `portkeyDir` (an `npm install --prefix` outside the repo). */
export async function startPortkey(portkeyDir: string): Promise<Started | string> {
  const entry = join(portkeyDir, 'node_modules/@portkey-ai/gateway/build/start-server.js');
  if (!existsSync(entry))
    return `Portkey is not installed: npm install --prefix ${portkeyDir} @portkey-ai/gateway`;
  const port = await freePort();
  const child = spawn(process.execPath, [entry, `--port=${port}`, '--headless'], {
    stdio: 'ignore',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitListening(baseUrl, child, 20_000);
  } catch (error) {
    await stop(child);
    return `Portkey did not start: ${error instanceof Error ? error.message : String(error)}`;
  }
  return { name: 'portkey', baseUrl, child, stop: () => stop(child) };
}

/** A process and its descendants (Linux /proc). */
function treeOf(rootPid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  const pids: number[] = [];
  const queue = [rootPid];
  while (queue.length > 0) {
    const pid = queue.pop() as number;
    pids.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return pids;
}

/**
 * Pauses (SIGSTOP) or resumes (SIGCONT) a process and its descendants. The bench pauses every target it is not
 * measuring, so that one target's leftover work (a Node process's GC and timers after its load) cannot take CPU
 * from the measurement of another on this 2-core machine.
 */
export function signalTree(rootPid: number, signal: 'SIGSTOP' | 'SIGCONT'): void {
  for (const pid of treeOf(rootPid)) {
    try {
      process.kill(pid, signal);
    } catch {
      // The process ended while we looked.
    }
  }
}

/** Resident memory of a process and its descendants, in bytes (Linux /proc). */
export function treeRssBytes(rootPid: number): number {
  let total = 0;
  for (const pid of treeOf(rootPid)) {
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      total += Number(match?.[1] ?? 0) * 1024;
    } catch {
      // Gone.
    }
  }
  return total;
}

/** CPU time (user + system, all threads) used so far by a process and its descendants, in ms. */
export function treeCpuMs(rootPid: number): number {
  const ticksPerSecond = 100; // USER_HZ: 100 on every Linux this runs on
  let total = 0;
  for (const pid of treeOf(rootPid)) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
    } catch {
      // Gone.
    }
  }
  return total;
}
