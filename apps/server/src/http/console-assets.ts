import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize, sep } from 'node:path';
import type { FastifyInstance } from 'fastify';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** The console's production build (`apps/console/dist`), if it was built. */
export function consoleDistDir(): string | null {
  try {
    const require = createRequire(import.meta.url);
    const dir = join(dirname(require.resolve('@hangar/console/package.json')), 'dist');
    return existsSync(join(dir, 'index.html')) ? dir : null;
  } catch {
    return null;
  }
}

/**
 * Serves the console at `/`: files from its build, `index.html` for any other path (client-side routing).
 * Hashed assets are cached for a year; index.html never, so a new build is picked up at once.
 */
export function registerConsoleAssets(app: FastifyInstance, dir: string): void {
  app.get('/*', async (request, reply) => {
    const path = decodeURIComponent(request.url.split('?')[0] ?? '/');
    if (path.startsWith('/api/')) return reply.callNotFound();
    const candidate = normalize(join(dir, path));
    const isInside = candidate.startsWith(dir + sep);
    const file = isInside && extname(candidate) !== '' ? candidate : join(dir, 'index.html');
    const body = await readFile(file).catch(() => null);
    if (body === null) {
      if (extname(path) !== '') return reply.callNotFound();
      return reply
        .type(CONTENT_TYPES['.html']!)
        .header('cache-control', 'no-cache')
        .send(await readFile(join(dir, 'index.html')));
    }
    const isHashedAsset = file.includes(`${sep}assets${sep}`);
    return reply
      .type(CONTENT_TYPES[extname(file)] ?? 'application/octet-stream')
      .header('cache-control', isHashedAsset ? 'public, max-age=31536000, immutable' : 'no-cache')
      .send(body);
  });
}
