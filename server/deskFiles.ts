// `--desk-dir dist/renderer`: the gateway (or an office relay) also serves the built browser desk, so a
// postal office without the installer opens it by address; its service worker then keeps it offline.
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

// The desk talks to whichever province or relay it is enrolled with, so connect-src stays open to https
// (and loopback, where the reference server runs in tests).
const DESK_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self' https: http://127.0.0.1:* http://localhost:*",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
].join('; ');

export async function serveDesk(app: FastifyInstance, deskDir: string): Promise<void> {
  const root = resolve(deskDir);
  if (!existsSync(join(root, 'index.html'))) {
    throw new Error(`--desk-dir ${root} has no index.html: build the desk first (npx vite build)`);
  }
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    index: ['index.html'],
    // The sync routes live under /v1; nothing else is listed or guessed.
    list: false,
    dotfiles: 'deny',
    setHeaders: (reply) => {
      reply.header('content-security-policy', DESK_CSP);
      reply.header('x-content-type-options', 'nosniff');
    },
  });
}
