/**
 * Severity of a reachable service from the ports it includes. Remote administration and database
 * ports are what attackers move laterally through, so they rank above the rest; reachable from the
 * internet they are critical.
 */
import type { Severity } from '../model/severity';
import { SEVERITIES } from '../model/severity';
import { IntervalSet } from './intervals';
import type { ServiceSet } from './services';

/** SSH, Telnet, RDP, WinRM (HTTP/HTTPS), VNC, Docker API (plain/TLS). */
export const ADMIN_PORTS = [22, 23, 3389, 5985, 5986, 5900, 2375, 2376] as const;
/** SQL Server, Oracle, MySQL, PostgreSQL, Redis, Elasticsearch, MongoDB, Cassandra, Memcached, CouchDB, InfluxDB. */
export const DATABASE_PORTS = [1433, 1434, 1521, 2483, 2484, 3306, 5432, 6379, 9200, 9300, 27017, 27018, 27019, 9042, 7000, 7001, 11211, 5984, 8086] as const;

const ADMIN = IntervalSet.of(ADMIN_PORTS.map((p) => [p, p] as const));
const DATABASE = IntervalSet.of(DATABASE_PORTS.map((p) => [p, p] as const));
/** Ports preferred as the example of a range in explanations. */
export const SENSITIVE_PORTS: readonly number[] = [...ADMIN_PORTS, ...DATABASE_PORTS];

export type PortClass = 'admin' | 'database' | 'other';

export function portClass(s: ServiceSet): PortClass {
  // Memcached and SQL Server browser also answer on UDP; everything else here is TCP.
  if (s.tcp.overlaps(ADMIN)) return 'admin';
  if (s.tcp.overlaps(DATABASE) || s.udp.has(11211) || s.udp.has(1434)) return 'database';
  return 'other';
}

/** The sensitive ports a set contains, for messages: "22 (admin), 3306 (database)". */
export function sensitivePorts(s: ServiceSet): string[] {
  const out: string[] = [];
  for (const p of ADMIN_PORTS) if (s.tcp.has(p)) out.push(`tcp/${p}`);
  for (const p of DATABASE_PORTS) if (s.tcp.has(p)) out.push(`tcp/${p}`);
  return out;
}

export function isolationSeverity(s: ServiceSet, where: 'zone' | 'internet'): Severity {
  const c = portClass(s);
  if (where === 'internet') return c === 'other' ? 'medium' : 'critical';
  return c === 'other' ? 'medium' : 'high';
}

/** One step less severe (unzoned instances: the policy cannot tell whether the path is allowed). */
export function lower(s: Severity): Severity {
  const i = SEVERITIES.indexOf(s);
  return SEVERITIES[Math.min(i + 1, SEVERITIES.length - 1)];
}
