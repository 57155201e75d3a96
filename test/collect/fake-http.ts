/**
 * A fake HTTP layer for SDK clients: the real middleware stack (endpoint resolution, signing, the
 * adaptive retry strategy, deserialisation) runs, only the network is replaced.
 */
import type { FakeableRequestHandler } from '../../lib/aws/clients';

export interface SeenRequest {
  protocol: string;
  hostname: string;
  port?: number;
  path: string;
  body: string;
  headers: Record<string, string>;
}

export interface FakeReply {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

export function fakeHttp(reply: (req: SeenRequest, n: number) => FakeReply): FakeableRequestHandler & { seen: SeenRequest[] } {
  const seen: SeenRequest[] = [];
  return {
    seen,
    async handle(request: unknown) {
      const r = request as { protocol: string; hostname: string; port?: number; path: string; body?: unknown; headers: Record<string, string> };
      const req: SeenRequest = { protocol: r.protocol, hostname: r.hostname, port: r.port, path: r.path, body: typeof r.body === 'string' ? r.body : r.body ? Buffer.from(r.body as Uint8Array).toString() : '', headers: r.headers };
      seen.push(req);
      const out = reply(req, seen.length);
      return { response: { statusCode: out.status, reason: '', headers: { 'content-type': 'text/xml', ...out.headers }, body: Buffer.from(out.body) } };
    },
  };
}

const EC2_NS = 'http://ec2.amazonaws.com/doc/2016-11-15/';

/** An EC2 query-protocol success document. */
export const ec2Ok = (action: string, inner = ''): FakeReply => ({
  status: 200,
  body: `<?xml version="1.0" encoding="UTF-8"?><${action}Response xmlns="${EC2_NS}"><requestId>req-1</requestId>${inner}</${action}Response>`,
});

/** An EC2 error document, as EC2 sends throttling (503) and authorisation (403) errors. */
export const ec2Error = (status: number, code: string, message: string): FakeReply => ({
  status,
  body: `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>req-1</RequestID></Response>`,
});

export const actionOf = (req: SeenRequest) => /(?:^|&)Action=([A-Za-z]+)/.exec(req.body)?.[1] ?? '';
