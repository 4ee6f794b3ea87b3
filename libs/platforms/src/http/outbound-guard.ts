import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { buildConnector } from 'undici';

/**
 * Addresses a URL typed by a user (a unit's webhook, a bulletin's picture) must never reach: the
 * machine itself, private networks, link-local (cloud metadata services live there), multicast
 * and the reserved ranges.
 */
const FORBIDDEN = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  FORBIDDEN.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['::ffff:0:0', 96],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  FORBIDDEN.addSubnet(network, prefix, 'ipv6');

/** The error of a refused destination: nothing was sent, and retrying will not help. */
export class OutboundRefused extends Error {
  readonly code = 'MB_OUTBOUND_REFUSED';
  constructor(host: string) {
    super(`destination ${host} is not allowed: private, loopback, link-local, multicast or reserved`);
  }
}

interface AllowEntry {
  host?: string;
  network?: BlockList;
  port?: number;
}

/** `host`, `host:port`, `[v6]:port`, an IP, or a CIDR range. */
function allowEntry(text: string): AllowEntry {
  const cidr = /^([0-9a-fA-F:.]+)\/(\d{1,3})$/.exec(text);
  if (cidr) {
    const network = new BlockList();
    network.addSubnet(cidr[1], Number(cidr[2]), isIP(cidr[1]) === 6 ? 'ipv6' : 'ipv4');
    return { network };
  }
  const bracketed = /^\[([0-9a-fA-F:.]+)\](?::(\d+))?$/.exec(text);
  const plain = /^([^:\s]+)(?::(\d+))?$/.exec(text);
  const host = (bracketed ?? plain)?.[1] ?? text;
  const port = (bracketed ?? plain)?.[2];
  if (isIP(host)) {
    const network = new BlockList();
    network.addAddress(host, isIP(host) === 6 ? 'ipv6' : 'ipv4');
    return { network, port: port ? Number(port) : undefined };
  }
  return { host: host.toLowerCase(), port: port ? Number(port) : undefined };
}

function family(address: string): 'ipv4' | 'ipv6' {
  return isIP(address) === 6 ? 'ipv6' : 'ipv4';
}

/**
 * Checks where a request to a user-supplied URL really goes, at connect time: the name is
 * resolved here and the connection made to the address that was checked, so a name that resolves
 * elsewhere a second later (DNS rebinding) gains nothing, and every redirect is checked again as
 * its own connection. The allow-list names the private hosts that are meant (the simulator).
 */
export class OutboundGuard {
  private readonly allowed: AllowEntry[];

  constructor(allowList: readonly string[]) {
    this.allowed = allowList.map(allowEntry);
  }

  /** The address to connect to for this host and port, or OutboundRefused. */
  async addressFor(hostname: string, port: number): Promise<string> {
    const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
    const named = this.allowed.some((entry) => entry.host === host && (entry.port === undefined || entry.port === port));
    const addresses = isIP(host) ? [host] : (await lookup(host, { all: true, verbatim: true })).map((found) => found.address);
    if (addresses.length === 0) throw new OutboundRefused(hostname);
    for (const address of addresses) {
      if (named || !FORBIDDEN.check(address, family(address))) continue;
      const listed = this.allowed.some(
        (entry) => entry.network?.check(address, family(address)) && (entry.port === undefined || entry.port === port),
      );
      if (!listed) throw new OutboundRefused(hostname);
    }
    return addresses[0];
  }

  /** An undici connector that connects only where addressFor allows. */
  connector(): buildConnector.connector {
    const connect = buildConnector({});
    return (options, callback) => {
      const port = Number(options.port) || (options.protocol === 'https:' ? 443 : 80);
      this.addressFor(options.hostname, port).then(
        (address) =>
          connect(
            {
              ...options,
              hostname: address,
              servername: options.servername ?? (isIP(options.hostname.replace(/^\[|\]$/g, '')) ? undefined : options.hostname),
            },
            callback,
          ),
        (error: Error) => callback(error, null),
      );
    };
  }
}
