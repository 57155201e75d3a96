/**
 * A pass-through HTTP proxy in front of the emulator that records every request the product sends:
 * service and action from the SigV4 credential scope and the wire protocol (query `Action=`, JSON
 * `X-Amz-Target`, S3 method and path), and the status answered. It counts HTTP attempts, so retries
 * show, which the scan's own call counts (one per call) do not.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';

export interface RecordedRequest {
  service: string;
  region: string;
  action: string;
  status: number;
}

export interface RecordingProxy {
  endpoint: string;
  requests: RecordedRequest[];
  /** Requests per `service:Action`, sorted by key. */
  counts(): Record<string, number>;
  /** Failed requests (HTTP status 500 or more) per `service:Action`, sorted by key. */
  serverErrors(): Record<string, number>;
  close(): Promise<void>;
}

function actionOf(req: IncomingMessage, body: string): string {
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') return target.slice(target.lastIndexOf('.') + 1);
  const q = /(?:^|&)Action=([A-Za-z0-9]+)/.exec(body) ?? /[?&]Action=([A-Za-z0-9]+)/.exec(req.url ?? '');
  if (q) return q[1];
  return `${req.method} ${(req.url ?? '/').split('?')[0]}`;
}

function countByAction(requests: readonly RecordedRequest[]): Record<string, number> {
  const m = new Map<string, number>();
  for (const r of requests) m.set(`${r.service}:${r.action}`, (m.get(`${r.service}:${r.action}`) ?? 0) + 1);
  return Object.fromEntries([...m].sort(([a], [b]) => a.localeCompare(b)));
}

export async function recordingProxy(upstream: string): Promise<RecordingProxy> {
  const up = new URL(upstream);
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const scope = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\//.exec(String(req.headers.authorization ?? ''));
      const entry: RecordedRequest = { service: scope?.[2] ?? 'unsigned', region: scope?.[1] ?? '', action: actionOf(req, body.toString('utf8')), status: 0 };
      requests.push(entry);
      const fwd = httpRequest({ host: up.hostname, port: up.port, method: req.method, path: req.url, headers: { ...req.headers, host: up.host } }, (answer) => {
        entry.status = answer.statusCode ?? 0;
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      fwd.on('error', (err) => {
        entry.status = 502;
        res.writeHead(502).end(String(err));
      });
      fwd.end(body);
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    counts: () => countByAction(requests),
    serverErrors: () => countByAction(requests.filter((r) => r.status >= 500)),
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
