/**
 * Port specifications used across the policy: "tcp/443", "udp/53", "tcp/8000-8999", "icmp", "tcp" (all TCP), "all".
 * Parsed once into numeric ranges so the isolation analysis works on intervals, never on strings.
 */
export interface PortSpec {
  /** 'all' or tcp/udp/icmp/icmpv6. */
  protocol: 'all' | 'tcp' | 'udp' | 'icmp' | 'icmpv6';
  from: number;
  to: number;
}

const PORT_SPEC = /^(tcp|udp|icmp|icmpv6|all)(?:\/(\d{1,5})(?:-(\d{1,5}))?)?$/;

/** Returns the parsed spec, or an error string that says what was expected. */
export function parsePortSpec(text: string): PortSpec | string {
  const m = PORT_SPEC.exec(text.trim().toLowerCase());
  if (!m) return `expected "tcp/443", "udp/53", "tcp/8000-8999", "tcp", "icmp" or "all", got ${JSON.stringify(text)}`;
  const protocol = m[1] as PortSpec['protocol'];
  if (m[2] === undefined) return { protocol, from: 0, to: 65535 };
  if (protocol === 'all' || protocol === 'icmp' || protocol === 'icmpv6') return `${protocol} takes no port, got ${JSON.stringify(text)}`;
  const from = Number(m[2]);
  const to = m[3] === undefined ? from : Number(m[3]);
  if (from > 65535 || to > 65535) return `expected ports 0-65535, got ${JSON.stringify(text)}`;
  if (to < from) return `the range must go upwards, got ${JSON.stringify(text)}`;
  return { protocol, from, to };
}

export function formatPortSpec(p: PortSpec): string {
  if (p.protocol === 'all') return 'all';
  if (p.protocol === 'icmp' || p.protocol === 'icmpv6') return p.protocol;
  if (p.from === 0 && p.to === 65535) return p.protocol;
  return p.from === p.to ? `${p.protocol}/${p.from}` : `${p.protocol}/${p.from}-${p.to}`;
}
