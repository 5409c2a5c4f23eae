// A fault-injecting HTTP proxy on loopback between a desk and the real server. Each request to a matching
// path takes the next fault from its queue (then passes through once the queue is empty).
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export type Fault =
  | 'refuse' // connection dropped before the server sees anything
  | 'drop_after_commit' // the server answers, the desk never gets it
  | 'status500' // the server commits, the desk gets a bare 500
  | 'html' // the server commits, the desk gets a 200 HTML page
  | 'truncate' // the server commits, the desk gets half the JSON
  | 'schema' // the server commits, the desk gets JSON that breaks the contract
  | 'duplicate' // the request reaches the server twice; the desk gets the second answer
  | 'replay_previous' // the desk gets the answer of the previous request to the same path
  | 'hold' // held until release(), then delivered late (after the desk has given up and retried)
  | { delayMs: number };

interface Recorded {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export class FaultProxy {
  private server: Server;
  private queues = new Map<string, Fault[]>();
  private previous = new Map<string, Recorded>();
  private held: (() => void)[] = [];
  readonly log: { path: string; fault: Fault | 'pass' | 'drop_mid_body' }[] = [];
  /** Something between desk and province that refuses requests by their content (a web firewall, a proxy's body limit). */
  readonly refusals: { test: (path: string, body: string) => boolean; status: number }[] = [];
  /** While set, every connection is dropped (the network is down). */
  down = false;
  url = '';
  /**
   * Paths whose requests stream through unbuffered (tus uploads), so a connection can drop in the middle
   * of a body. Their body bytes forwarded upstream are counted in `streamedBytes`.
   */
  readonly streamPaths: string[] = [];
  streamedBytes = 0;
  /** Streamed body bytes per second (0: as fast as the network), so that a test can act in the middle. */
  streamRate = 0;
  private dropAt: number | null = null;
  /** Drops the connection (both sides) once `totalBytes` streamed body bytes have been forwarded, mid-body. */
  dropWhenStreamed(totalBytes: number) {
    this.dropAt = totalBytes;
  }
  get dropPending() {
    return this.dropAt != null;
  }

  constructor(private readonly upstream: string) {
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  async start(): Promise<this> {
    await new Promise<void>((ok) => this.server.listen(0, '127.0.0.1', ok));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this;
  }

  async close() {
    this.releaseHeld();
    this.server.closeAllConnections();
    await new Promise<void>((ok) => this.server.close(() => ok()));
  }

  /** Queues faults for requests whose path starts with `path` (e.g. '/v1/changes'). */
  inject(path: string, ...faults: Fault[]) {
    this.queues.set(path, [...(this.queues.get(path) ?? []), ...faults]);
  }

  /** Delivers every held request now. */
  releaseHeld() {
    const held = this.held;
    this.held = [];
    held.forEach((r) => r());
  }

  get heldCount() {
    return this.held.length;
  }

  private nextFault(path: string): Fault | 'pass' {
    for (const [prefix, queue] of this.queues) {
      if (path.startsWith(prefix) && queue.length) return queue.shift()!;
    }
    return 'pass';
  }

  private async forward(req: IncomingMessage, body: Buffer): Promise<Recorded> {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'content-length' && k !== 'connection') headers[k] = v;
    const r = await fetch(this.upstream + req.url, { method: req.method, headers, body: req.method === 'GET' || req.method === 'HEAD' ? undefined : new Uint8Array(body) });
    const out: Record<string, string> = {};
    r.headers.forEach((v, k) => {
      if (k !== 'content-length' && k !== 'transfer-encoding' && k !== 'connection' && k !== 'keep-alive' && k !== 'content-encoding') out[k] = v;
    });
    return { status: r.status, headers: out, body: await r.text() };
  }

  private send(res: ServerResponse, r: Recorded) {
    if (res.destroyed) return;
    res.writeHead(r.status, r.headers).end(r.body);
  }

  private stream(req: IncomingMessage, res: ServerResponse, path: string) {
    if (this.down) {
      req.socket.destroy();
      return;
    }
    const target = new URL(this.upstream);
    const up = httpRequest({ hostname: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, host: target.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    let cut = false;
    const drop = () => {
      up.destroy();
      req.socket.destroy();
    };
    up.on('error', () => {
      if (!res.headersSent) res.socket?.destroy();
    });
    req.on('data', (c: Buffer) => {
      if (cut) return;
      let chunk = c;
      if (this.dropAt != null && this.streamedBytes + chunk.length >= this.dropAt) {
        chunk = chunk.subarray(0, Math.max(0, this.dropAt - this.streamedBytes));
        this.dropAt = null;
        this.streamedBytes += chunk.length;
        this.log.push({ path, fault: 'drop_mid_body' });
        // What got this far reaches the server (nothing after it); then the line goes dead in both directions.
        cut = true;
        req.pause();
        up.write(chunk, () => setTimeout(drop, 20));
        return;
      }
      this.streamedBytes += chunk.length;
      const more = up.write(chunk);
      const wait = this.streamRate ? (chunk.length / this.streamRate) * 1000 : 0;
      if (!more || wait) {
        req.pause();
        let drained = more;
        let slept = !wait;
        const go = () => drained && slept && !cut && req.resume();
        if (!more) up.once('drain', () => ((drained = true), go()));
        if (wait) setTimeout(() => ((slept = true), go()), wait);
      }
    });
    req.on('end', () => !cut && up.end());
    req.on('close', () => {
      if (!req.complete) up.destroy();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const streamPath = (req.url ?? '/').split('?')[0];
    if (this.streamPaths.some((p) => streamPath.startsWith(p))) return this.stream(req, res, streamPath);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const path = (req.url ?? '/').split('?')[0];
    if (this.down) {
      req.socket.destroy();
      return;
    }
    const text = body.toString('utf8');
    const refusal = this.refusals.find((r) => r.test(path, text));
    if (refusal) {
      // As a firewall or nginx answers: an HTML page, never the contract's error body.
      return this.send(res, { status: refusal.status, headers: { 'content-type': 'text/html' }, body: `<html><head><title>${refusal.status}</title></head><body><center><h1>${refusal.status}</h1></center><hr><center>nginx</center></body></html>` });
    }
    const fault = this.nextFault(path);
    this.log.push({ path, fault });
    try {
      if (fault === 'refuse') {
        req.socket.destroy();
        return;
      }
      if (fault === 'hold') {
        await new Promise<void>((r) => this.held.push(r));
      } else if (typeof fault === 'object') {
        await new Promise((r) => setTimeout(r, fault.delayMs));
      }
      if (fault === 'replay_previous' && this.previous.has(path)) {
        await this.forward(req, body); // the request itself still reaches the server
        this.send(res, this.previous.get(path)!);
        return;
      }
      let answer = await this.forward(req, body);
      if (fault === 'duplicate') answer = await this.forward(req, body);
      this.previous.set(path, answer);
      switch (fault) {
        case 'drop_after_commit':
          res.socket?.destroy();
          return;
        case 'status500':
          return this.send(res, { status: 500, headers: { 'content-type': 'text/plain' }, body: 'Internal Server Error' });
        case 'html':
          return this.send(res, { status: 200, headers: { 'content-type': 'text/html' }, body: '<!DOCTYPE html><html><body><h1>Cổng mạng</h1></body></html>' });
        case 'truncate':
          return this.send(res, { ...answer, body: answer.body.slice(0, Math.floor(answer.body.length / 2)) });
        case 'schema': {
          const json = JSON.parse(answer.body) as Record<string, unknown>;
          if (Array.isArray(json.results)) json.results = (json.results as Record<string, unknown>[]).map((r) => ({ ...r, result: 'ok' }));
          if (Array.isArray(json.changes)) json.changes = (json.changes as Record<string, unknown>[]).map((c) => ({ ...c, TrangThai: 'xong' }));
          json.serverTime = 'hôm nay';
          return this.send(res, { ...answer, body: JSON.stringify(json) });
        }
        default:
          return this.send(res, answer);
      }
    } catch {
      if (!res.headersSent) res.socket?.destroy();
    }
  }
}
