import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { mintCustomerToken } from '../auth.js';
import { parse } from './conversations.js';

/**
 * No inline script, no eval, nothing from another origin but the API calls the pages make.
 * `style-src 'self'` too: the pages' styles are files, and Preact sets styles through the CSSOM,
 * which CSP does not restrict.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json',
};

export interface WebOptions {
  /** The built console and widget (`dist/web`). */
  root: string;
  /** Issue demo customer tokens at `/widget/demo/token` (development: no KEEL_SECRET set). */
  demoSecret: string | null;
}

const DemoQuery = z.strictObject({
  customer: z
    .string()
    .regex(/^C-\d{1,8}$/)
    .optional(),
});

/**
 * Serves the built pages: `/console`, `/widget.js` (and its stylesheet), `/widget/demo` and their
 * assets. Only files found under the root at start are served (a fixed map, so no path from a URL
 * ever reaches the file system), each with the Content-Security-Policy above.
 */
export function webRoutes(app: FastifyInstance, options: WebOptions): void {
  const files = builtFiles(options.root);
  const page = (path: string) => async (_request: unknown, reply: FastifyReply) => serve(reply, files, path);
  app.get('/console', page('console/index.html'));
  app.get('/console/', page('console/index.html'));
  app.get('/widget/demo', page('widget/demo/index.html'));
  app.get('/widget.js', page('widget.js'));
  app.get('/widget.css', page('widget.css'));
  app.get('/console/assets/*', async (request, reply) => serve(reply, files, assetPath(request.url)));
  app.get('/widget/demo/assets/*', async (request, reply) => serve(reply, files, assetPath(request.url)));
  app.post('/widget/demo/token', async (request, reply) => {
    const { customer } = parse(DemoQuery, request.query, 'query');
    if (!options.demoSecret)
      return reply.status(404).send({
        error: { code: 'NOT_FOUND', message: 'Demo tokens exist only in development (no KEEL_SECRET set)' },
      });
    const token = await mintCustomerToken(options.demoSecret, customer ?? 'C-1001', 3600);
    return reply.header('cache-control', 'no-store').send({ token });
  });
}

function assetPath(url: string): string {
  return decodeURIComponent(url.split('?')[0] ?? '').replace(/^\//, '');
}

function serve(reply: FastifyReply, files: Map<string, string>, path: string) {
  const file = files.get(path);
  if (!file)
    return reply.status(404).send({
      error: { code: 'NOT_FOUND', message: `Not built: ${path} (run npm run build)` },
    });
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  return reply
    .header('content-type', type)
    .header('content-security-policy', CONTENT_SECURITY_POLICY)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache')
    .send(readFileSync(file));
}

/** Every file under the root, by its path from the root with forward slashes. */
function builtFiles(root: string): Map<string, string> {
  const files = new Map<string, string>();
  if (!existsSync(root)) return files;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.set(relative(root, path).split(sep).join('/'), path);
    }
  };
  walk(root);
  return files;
}
