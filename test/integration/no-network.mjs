// Preloaded (node --import) into the Eleventy and Astro builds: any attempt to open a network
// connection or resolve a host name other than this machine's fails loudly, and the line it
// prints fails the build check. CI has no network beyond the package registries, so a generator
// that fetches at build time (fonts, remote images, telemetry) must be caught here, not there.
import dns from 'node:dns';
import net from 'node:net';

const LOCAL = new Set(['localhost', '127.0.0.1', '::1', '0.0.0.0', '::']);

function refuse(what) {
  const message = `blogport-no-network: blocked ${what}`;
  process.stderr.write(`${message}\n`);
  throw new Error(message);
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const first = args[0];
  const options = Array.isArray(first) ? first[0] : first;
  if (options && typeof options === 'object') {
    if (options.path === undefined && !LOCAL.has(options.host ?? 'localhost')) {
      refuse(`connection to ${options.host}:${options.port}`);
    }
  } else if (typeof first === 'number') {
    const host = typeof args[1] === 'string' ? args[1] : 'localhost';
    if (!LOCAL.has(host)) refuse(`connection to ${host}:${first}`);
  }
  return connect.apply(this, args);
};

const lookup = dns.lookup;
dns.lookup = function guardedLookup(hostname, ...rest) {
  if (!LOCAL.has(hostname)) refuse(`DNS lookup of ${hostname}`);
  return lookup.call(this, hostname, ...rest);
};
const promisesLookup = dns.promises.lookup;
dns.promises.lookup = function guardedPromisesLookup(hostname, ...rest) {
  if (!LOCAL.has(hostname)) refuse(`DNS lookup of ${hostname}`);
  return promisesLookup.call(this, hostname, ...rest);
};
