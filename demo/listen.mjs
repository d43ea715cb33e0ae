// Loopback listeners: one http.Server per address, all on the same port, with socket tracking so
// the API can really go "down" (listeners closed, open sockets destroyed) and come back.

import http from 'node:http';

/**
 * @param {http.Server} server
 * @param {number} port
 * @param {string} host
 * @returns {Promise<number>} the bound port
 */
function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    const onError = (/** @type {Error} */ err) => {
      server.off('listening', onListening);
      reject(err);
    };
    const onListening = () => {
      server.off('error', onError);
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ port, host, exclusive: true });
  });
}

export class ListenerGroup {
  /**
   * @param {{ name: string, hosts: string[], port: number,
   *   handler: http.RequestListener, setup?: (server: http.Server) => void, log?: (msg: string) => void }} o
   */
  constructor(o) {
    this.name = o.name;
    /** First host is required; the others are best effort (bind errors ignored). */
    this.hosts = o.hosts;
    this.port = o.port;
    this.handler = o.handler;
    this.setup = o.setup;
    this.log = o.log ?? (() => {});
    /** @type {http.Server[]} */
    this.servers = [];
    /** @type {Set<import('node:net').Socket>} */
    this.sockets = new Set();
    /** @type {string[]} */
    this.boundHosts = [];
    this.up = false;
  }

  createServer() {
    const server = http.createServer(this.handler);
    server.keepAliveTimeout = 5000;
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    server.on('clientError', (_err, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      socket.destroy();
    });
    this.setup?.(server);
    return server;
  }

  async open() {
    if (this.up) return;
    const [first, ...rest] = this.hosts;
    const main = this.createServer();
    this.port = await listen(main, this.port, /** @type {string} */ (first));
    this.servers = [main];
    this.boundHosts = [/** @type {string} */ (first)];
    for (const host of rest) {
      const s = this.createServer();
      try {
        await listen(s, this.port, host);
        this.servers.push(s);
        this.boundHosts.push(host);
      } catch (e) {
        this.log(`${this.name}: could not bind ${host}:${this.port} (${e instanceof Error ? e.message : e})`);
      }
    }
    this.up = true;
  }

  /** Stops listening and destroys every open socket (connections are refused afterwards). */
  async close() {
    if (!this.up) return;
    this.up = false;
    const closing = this.servers.map((s) => new Promise((resolve) => s.close(() => resolve(undefined))));
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    for (const s of this.servers) s.closeAllConnections?.();
    await Promise.all(closing);
    this.servers = [];
  }
}
